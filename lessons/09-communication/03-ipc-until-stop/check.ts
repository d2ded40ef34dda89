import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, inconclusive, machineExplains, type RunResult } from 'conc-tutor/kit';

// Each half is graded with the grader's other half:
//  1. the learner's child.ts, forked by the grader, gets 12 items (some of them large, the last one
//     always: a child that exits right after its last send() loses it) and 'STOP';
//  2. the learner's processInChild runs with the grader's copy of child.js, which answers each item
//     with work(item) and a tag the parent cannot compute (so a parent that computes the answers
//     itself is seen), then once more with a child that exits with code 3 after 'STOP' (must reject).

type CheckOutcome = ReturnType<typeof inconclusive>;

/** A 32-bit hash of (seed, i, salt): the same in the sandbox and in the grader. */
function hash(seed: number, i: number, salt: number): number {
	let h = Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

const WORDS = ['queue', 'pipe', 'sentinel', 'worker', 'fork', 'message', 'channel', 'stop', 'event', 'lock', 'core', 'port'];

/**
 * Items for a seed and a salt: `count` of 2-4 words; `large` of them are 80-200 KB, and the last is
 * 0.6-1 MB, more than the channel holds, so an answer sent just before process.exit() is lost.
 */
export function items(seed: number, salt: number, count: number, large: number): string[] {
	const list = Array.from({ length: count }, (_, i) =>
		Array.from({ length: 2 + (hash(seed, i, salt) % 3) }, (_, w) => WORDS[hash(seed, i * 8 + w, salt + 1) % WORDS.length]).join(' '),
	);
	const big = new Set([count - 1, ...Array.from({ length: large - 1 }, (_, k) => hash(seed, k, salt + 2) % (count - 1))]);
	for (const i of big) {
		// The last answer is bigger than a local socket's send buffer (~210 KB here, ~320 KB in flight at
		// most): however fast the grader reads, part of it is still in the child when 'STOP' is handled.
		const size = i === count - 1 ? 600_000 + (hash(seed, i, salt + 3) % 400_000) : 80_000 + (hash(seed, i, salt + 3) % 120_000);
		list[i] = `${list[i]} `.repeat(Math.ceil(size / (list[i]!.length + 1))).trimEnd();
	}
	return list;
}

const work = (item: string) => `${item.length}:${[...item].reverse().join('')}`;

/** A long answer travels to the grader as its length and hash (both halves call this). */
const digest = (value: unknown) =>
	typeof value === 'string' && value.length > 200 ? `${value.slice(0, 24)}…(${value.length} chars, sha256 ${createHash('sha256').update(value).digest('hex').slice(0, 16)})` : value;

/** What the learner's child gets (phase 1): 12 items, 1 to 3 of them large. */
const childItems = (seed: number) => items(seed, 0xc417d, 12, 1 + (hash(seed, 0, 0x1a) % 3));
/** What processInChild gets (phase 2): 8 to 16 items, 0 to 2 large; then 4 to 7 for the failing child. */
const parentItems = (seed: number) => items(seed, 0x9a7e, 8 + (hash(seed, 1, 0x1a) % 9), 1 + (hash(seed, 2, 0x1a) % 2));
const failingItems = (seed: number) => {
	const list = items(seed, 0xfa11, 4 + (hash(seed, 3, 0x1a) % 4), 1);
	list[0] = `halt ${list[0]}`; // 'halt' is in no other item: the grader's child knows this call by it
	return list;
};
/** The tag the grader's child adds to its n-th answer: nothing the parent can compute. */
const tag = (seed: number, n: number) => (hash(seed, n, 0x7a9) % 1_000_000).toString(36);
const childAnswers = (seed: number, list: string[]) => list.map((item, n) => `${work(item)} #${tag(seed, n)}`);
/** The failing child's exit code. */
const FAIL_CODE = 3;

function graderChild(seed: number, poison: string): string {
	const tags = Array.from({ length: 64 }, (_, n) => tag(seed, n));
	return `// The grader's copy of child.js: the same protocol; each answer carries a tag of the grader's.
const TAGS = ${JSON.stringify(tags)};
const work = (item) => \`\${item.length}:\${[...item].reverse().join('')}\`;
let n = 0;
let failing = false;
function onMessage(message) {
	if (message === 'STOP') {
		process.off('message', onMessage);
		if (failing) process.exitCode = ${FAIL_CODE};
		return;
	}
	if (message === ${JSON.stringify(poison)}) failing = true;
	process.send(\`\${work(String(message))} #\${TAGS[n++ % TAGS.length]}\`);
}
process.on('message', onMessage);
`;
}

interface ChildOutcome {
	answers: string[];
	exit: { code: number | null; signal: string | null } | null;
	/** ms from 'STOP' until the grader stopped waiting, when the child was still running then. */
	waitedMs?: number;
	/** The child had sent every answer at least half the wait before the grader stopped waiting. */
	answeredEarly?: boolean;
}

interface Budgets {
	/** fork() to the child's first answer, in this run, ms. */
	forkMs: number;
	childMs: number;
	parentMs: number;
}

type CallResult = { value: unknown } | { error: string } | { pending: true };

const markAt = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
const budgets = (run: RunResult) => (run.values.budgets ?? { forkMs: 0, childMs: 0, parentMs: 0 }) as Budgets;

/** Children the learner's processInChild started during a call ('' or ' 2'). */
function childrenOf(run: RunResult, call = ''): number[] {
	const from = markAt(run, `called${call}`) ?? Infinity;
	const to = markAt(run, `returned${call}`) ?? markAt(run, `gave up${call}`) ?? Infinity;
	return run.trace.events.flatMap((e) => (e.type === 'child-spawn' && e.t >= from && e.t <= to ? [e.pid] : []));
}

const shorten = (list: unknown) => JSON.stringify(list, (_, v) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 37)}…(${v.length} chars)` : v)).slice(0, 160);

function unlessMachine(run: RunResult, waitedMs: number, message: string): CheckOutcome | string {
	const evidence = machineExplains(run, waitedMs);
	return evidence ? inconclusive(evidence, message) : message;
}

export default defineExercise({
	limits: { timeoutMs: 15_000, maxProcesses: 24 },
	async run(ctx) {
		// 1. The learner's child.ts, fed by the grader.
		const list = childItems(ctx.seed);
		const outcome: ChildOutcome = { answers: [], exit: null };
		ctx.mark('child test');
		const forkedAt = Date.now();
		let forkMs = 0;
		let lastAnswerAt = 0;
		const child = fork(path.join(ctx.dir, 'child.js'), [], { stdio: 'ignore' });
		child.on('message', (answer: string) => {
			if (outcome.answers.length === 0) forkMs = Date.now() - forkedAt;
			outcome.answers.push(digest(answer) as string);
			lastAnswerAt = Date.now();
		});
		child.on('error', () => {});
		child.once('exit', (code, signal) => (outcome.exit = { code, signal }));
		const holdMs = Math.round(250 * ctx.factor * (await ctx.pace()));
		for (const item of list) child.send(item);
		let stopWritten = false;
		child.send('STOP', () => (stopWritten = true));
		const stopAt = Date.now();
		// Once 'STOP' is in the pipe, the grader stops reading for a while (its thread blocked), as a busy
		// parent would: the child's large answers then wait in the child to be written, and a child that
		// exits or disconnects at once on 'STOP' loses them. A child that just stops listening does not.
		await ctx.waitFor(() => stopWritten || outcome.exit !== null, 5000 * ctx.factor);
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
		// The child's own start-up is what a busy machine slows: wait for the first answer as long as the
		// run allows, then give the child a multiple of that to finish.
		await ctx.waitFor(() => outcome.answers.length > 0 || outcome.exit !== null, 5000 * ctx.factor);
		if (forkMs === 0) forkMs = Date.now() - forkedAt;
		const childMs = Math.round(ctx.factor * Math.min(3000, 1000 + 3 * forkMs));
		await ctx.waitFor(() => outcome.exit !== null, childMs);
		if (outcome.exit === null) {
			outcome.waitedMs = Date.now() - stopAt;
			outcome.answeredEarly = outcome.answers.length === list.length && Date.now() - lastAnswerAt >= childMs / 2;
			child.kill('SIGKILL');
		}
		ctx.mark('child test over');
		ctx.report('child', outcome);

		// 2. The learner's processInChild, with the grader's child.
		const parentMs = Math.round(ctx.factor * Math.min(4000, 1500 + 4 * forkMs));
		ctx.report('budgets', { forkMs, childMs, parentMs } satisfies Budgets);
		const failing = failingItems(ctx.seed);
		writeFileSync(path.join(ctx.dir, 'child.js'), graderChild(ctx.seed, failing[0]!));
		const { processInChild } = await ctx.import('parent.ts');
		const call = async (label: string, input: string[]): Promise<CallResult> => {
			ctx.mark(`called${label}`);
			const answers = Promise.resolve().then(() => processInChild(input) as Promise<unknown>);
			answers.catch(() => {}); // if the deadline wins, a later rejection is not a crash
			const result = await Promise.race([
				answers.then((value) => ({ value: Array.isArray(value) ? value.map(digest) : value }), (error: unknown) => ({ error: String((error as Error)?.message ?? error) })),
				ctx.sleep(parentMs).then(() => ({ pending: true as const })),
			]);
			ctx.mark('pending' in result ? `gave up${label}` : `returned${label}`);
			return result;
		};
		const result = await call('', parentItems(ctx.seed));
		ctx.report('result', result);
		if (!('pending' in result)) ctx.report('failing', await call(' 2', failing));
	},
	checks: [
		checks.custom('child-answers', "your child answers every item with work(item), in order, and every answer arrives", (run) => {
			const outcome = run.values.child as ChildOutcome | undefined;
			if (!outcome) return 'the grader could not run your child';
			const want = childItems(run.seed).map((item) => digest(work(item)));
			const got = outcome.answers;
			for (let i = 0; i < want.length; i++) {
				if (i >= got.length) {
					const lost = want.length - got.length;
					return `your child sent ${got.length} of ${want.length} answers; the last ${lost === 1 ? 'one was' : `${lost} were`} lost${outcome.exit?.code === 0 ? ' (it exited before they were written: do not call process.exit() or process.disconnect() on STOP, just stop listening)' : ''}`;
				}
				if (got[i] !== want[i]) return `answer ${i + 1} was ${shorten(got[i])}; work(item ${i + 1}) is ${shorten(want[i])}`;
			}
			return got.length === want.length || `your child sent ${got.length} answers for ${want.length} items (did it answer 'STOP' too?)`;
		}, { hint: 1 }),
		checks.custom('child-exits', "your child ends by itself after 'STOP', with exit code 0", (run) => {
			const outcome = run.values.child as ChildOutcome | undefined;
			if (!outcome) return 'the grader could not run your child';
			if (outcome.exit === null) {
				const message = `your child was still running ${outcome.waitedMs} ms after 'STOP': on 'STOP', remove its 'message' listener so that nothing keeps it alive`;
				// All answered, then alive for half the wait: it had nothing left to do but end.
				return outcome.answeredEarly ? message : unlessMachine(run, budgets(run).childMs, message);
			}
			if (outcome.exit.signal) return `your child was ended by ${outcome.exit.signal}`;
			return outcome.exit.code === 0 || `your child exited with code ${outcome.exit.code}`;
		}, { hint: 1, timing: true }),
		checks.custom('finishes', 'processInChild resolves', (run) => {
			const result = run.values.result as CallResult | undefined;
			if (!result) return 'processInChild was never called';
			if ('error' in result) return `processInChild rejected: ${result.error}`;
			if (!('pending' in result)) return true;
			const { parentMs } = budgets(run);
			const message = `processInChild had not resolved ${parentMs} ms after the call: is it waiting for a child that never exits (did it send 'STOP')?`;
			// The child gone long before, and still no answer: that is the code's doing.
			const gaveUp = markAt(run, 'gave up') ?? Infinity;
			const gone = childrenOf(run).length > 0 && childrenOf(run).every((pid) => run.trace.events.some((e) => e.type === 'child-exit' && e.pid === pid && e.t <= gaveUp - parentMs / 2));
			return gone ? message : unlessMachine(run, parentMs, message);
		}, { hint: 1, timing: true }),
		checks.custom('processes', 'one child process handles every item', (run) => {
			const calls: string[] = ['', ...(run.values.failing ? [' 2'] : [])];
			for (const call of calls) {
				const pids = childrenOf(run, call);
				if (pids.length !== 1) return `processInChild started ${pids.length} child processes for one list of items; start exactly one and send it every item`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('answers', "resolves with the child's answers, in order", (run) => {
			const result = run.values.result as CallResult | undefined;
			if (!result || !('value' in result)) return 'processInChild did not resolve';
			const want = childAnswers(run.seed, parentItems(run.seed)).map(digest);
			const got = result.value;
			if (JSON.stringify(got) === JSON.stringify(want)) return true;
			const untagged = parentItems(run.seed).map((item) => digest(work(item)));
			if (JSON.stringify(got) === JSON.stringify(untagged)) {
				return "processInChild resolved with work(item) for every item, but not with what the child sent (the grader's child tags its answers): collect the child's answers from child.on('message'), do not compute them in the parent";
			}
			return `processInChild resolved with ${shorten(got)}; the child answered ${shorten(want)}`;
		}),
		checks.custom('exits-cleanly', "the child ends by itself after 'STOP', with exit code 0, before processInChild resolves", (run) => {
			const returned = markAt(run, 'returned');
			const pids = childrenOf(run);
			if (pids.length === 0) return 'no child process was started';
			for (const pid of pids) {
				const kill = run.trace.events.find((e) => e.type === 'kill' && e.pid === pid);
				if (kill && kill.type === 'kill') return `your code sent child ${pid} ${kill.signal}: send 'STOP' and let it end by itself instead`;
				const exit = run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid);
				if (exit?.type !== 'child-exit' || returned === undefined || exit.t > returned) {
					return `child ${pid} had not ended when processInChild resolved: wait for its 'exit' (and send it 'STOP' so that it ends)`;
				}
				if (exit.signal) return `child ${pid} was killed by ${exit.signal}: send 'STOP' and let it end by itself instead`;
				if (exit.code !== 0) return `child ${pid} exited with code ${exit.code}`;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('rejects-on-failure', 'rejects when the child exits with a code other than 0', (run) => {
			const failing = run.values.failing as CallResult | undefined;
			if (!failing) return 'the grader did not get to this call: processInChild never resolved the first time';
			if ('error' in failing) return true;
			const what = `processInChild(${shorten(failingItems(run.seed))}), whose child answered everything and then exited with code ${FAIL_CODE},`;
			if ('pending' in failing) return unlessMachine(run, budgets(run).parentMs, `${what} never settled`);
			return `${what} resolved with ${shorten(failing.value)}; it must reject: a child that exits with another code than 0 failed`;
		}, { hint: 2, timing: true }),
	],
});
