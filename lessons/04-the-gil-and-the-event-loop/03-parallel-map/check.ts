import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checks, defineExercise, type RunResult, type SandboxContext } from 'conc-tutor/kit';
import { seeded } from '../_primes.js';

type Range = [number, number];
const require = createRequire(import.meta.url);

/** One call of a run: its pool size, its ranges, the long range, and the core count os pretends to have. */
interface Call {
	call: number;
	size: number;
	ranges: Range[];
	/** Index of the long range (three times as long), handed out in the first round. */
	long: number;
	/** What os.availableParallelism() says during the call: never the size. */
	cores: number;
}

/**
 * The two calls of a run, from its seed: pool sizes of 2 to 5 that differ between the calls, 3×size+2
 * to 3×size+4 ranges of about 4 million numbers in all per call (about 0.6 s of counting on an idle
 * core), one of them three times as long as the others.
 */
export function callsFor(seed: number): Call[] {
	const next = seeded(seed, 0x3a9);
	const first = 2 + next(4);
	const sizes = [first, 2 + ((first - 2 + 1 + next(3)) % 4)];
	let from = 5_000_000 + next(1_000_000);
	return sizes.map((size, i) => {
		const count = 3 * size + 2 + next(3);
		const length = Math.round(4_000_000 / (count + 2));
		const long = 1 + next(size - 1);
		const ranges: Range[] = [];
		for (let k = 0; k < count; k++) {
			const to = from + (k === long ? 3 * length : length);
			ranges.push([from, to]);
			from = to;
		}
		const cores = 2 + ((size - 2 + 1 + next(5)) % 7);
		return { call: i + 1, size, ranges, long, cores };
	});
}

/** The grader's own counts for both calls, by one sieve (a different method from the learner's). */
function expectedCounts(calls: Call[]): number[][] {
	const top = Math.max(...calls.flatMap((c) => c.ranges.map(([, to]) => to)));
	const composite = new Uint8Array(top);
	for (let n = 2; n * n < top; n++) {
		if (composite[n]) continue;
		for (let m = n * n; m < top; m += n) composite[m] = 1;
	}
	return calls.map((c) =>
		c.ranges.map(([from, to]) => {
			let count = 0;
			for (let n = Math.max(2, from); n < to; n++) if (!composite[n]) count++;
			return count;
		}),
	);
}

/** What the grader's copy of map-worker.js tells it, line by line. */
interface LogEntry {
	kind: 'got' | 'done';
	threadId: number;
	/** The task's id, or null for a message that was not a task ('stop'). */
	id: number | null;
	from?: number;
	to?: number;
	/** 'got': a task arrived while this worker still had one unanswered. */
	whileBusy?: boolean;
	/** 'done' of the long range: how many ranges the other workers finished while it was out, and whether enough did. */
	others?: number;
	gated?: boolean;
	/** 'done' of the long range: how many ranges nobody had received yet when it began. */
	waiting?: number;
}

/**
 * Writes the grader's map-worker.js over the compiled one: the same protocol and answers as the file the
 * learner read, plus a log on a BroadcastChannel the solution does not use. The long range counts in
 * slices (so it hears the other workers meanwhile), then waits, at most `gateMs`, until the other workers
 * have finished `size` ranges since it arrived (or all that were still waiting then: a worker that came
 * online late, on a busy machine, may find the others nearly done): a pool that hands the next range to
 * whoever answered does that at once; one that waits for a whole round of answers never does.
 */
function installWorker(ctx: SandboxContext, call: Call, gateMs: number) {
	const channel = `conc-tutor-map-${ctx.seed}-${call.call}-${Math.floor(ctx.random() * 1e9)}`;
	const plan = { channel, long: call.long, needs: call.size, total: call.ranges.length, gateMs };
	const source = `// The grader's copy of map-worker.ts and primes.ts (same protocol and answers), with a log for the grader.
import { parentPort, threadId } from 'node:worker_threads';
function isPrime(n) {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
	return true;
}
function countPrimes(from, to) {
	let count = 0;
	for (let n = from; n < to; n++) if (isPrime(n)) count++;
	return count;
}
const PLAN = ${JSON.stringify(plan)};
const log = new BroadcastChannel(PLAN.channel);
// While the long task runs, it counts the tasks other workers RECEIVED after it started and then
// finished, by the time their worker stamped on receipt: another thread's lines can arrive late, after
// this thread's next task, and a lock-step's earlier round would look like work done meanwhile.
const stamp = () => Number(process.hrtime.bigint() / 1000n); // µs, one clock for every thread
let othersDone = 0;
let since = Infinity;
const receivedAt = new Map();
log.onmessage = (event) => {
	const m = event.data;
	if (!m || m.threadId === threadId) return;
	if (m.kind === 'got' && m.id !== null) receivedAt.set(m.id, m.at);
	if (m.kind === 'done' && receivedAt.get(m.id) >= since) othersDone++;
};
log.unref();
const port = parentPort;
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let busy = 0;
let chain = Promise.resolve();
port.on('message', (message) => {
	const isTask = message !== null && typeof message === 'object' && Number.isInteger(message.id);
	log.postMessage({ kind: 'got', threadId, id: isTask ? message.id : null, from: message?.from, to: message?.to, whileBusy: isTask && busy > 0, at: stamp() });
	if (!isTask) {
		if (message === 'stop') chain = chain.then(() => port.close());
		return;
	}
	busy++;
	chain = chain.then(async () => {
		let count = 0, others, gated, waiting;
		if (message.id === PLAN.long) {
			since = stamp();
			const start = othersDone;
			for (let n = message.from; n < message.to; n += 20000) {
				count += countPrimes(n, Math.min(message.to, n + 20000));
				await turn();
			}
			// Ranges nobody had received when this one began: the others cannot finish more of them than that.
			const waitingThen = () => PLAN.total - 1 - [...receivedAt.values()].filter((at) => at < since).length;
			const needs = () => Math.min(PLAN.needs, waitingThen());
			const until = Date.now() + PLAN.gateMs;
			while (othersDone - start < needs() && Date.now() < until) await sleep(2);
			others = othersDone - start;
			gated = others >= needs();
			waiting = waitingThen();
			since = Infinity;
		} else {
			count = countPrimes(message.from, message.to);
		}
		busy--;
		// Logged before the answer: once the solution has every answer, the log has every line.
		log.postMessage({ kind: 'done', threadId, id: message.id, others, gated, waiting });
		port.postMessage({ id: message.id, count });
	});
});
`;
	writeFileSync(path.join(ctx.dir, 'map-worker.js'), source);
	const entries: LogEntry[] = [];
	const listener = new BroadcastChannel(channel);
	listener.onmessage = (event: MessageEvent) => entries.push(event.data as LogEntry);
	return {
		/** After the call returned: waits (briefly) for log lines still on their way, then stops listening. */
		async finish() {
			await ctx.waitFor(() => entries.filter((e) => e.kind === 'done').length >= call.ranges.length, 500 * ctx.factor);
			listener.close();
			return entries;
		},
	};
}

const at = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
/** threadIds of the workers created during a call. */
function workersOf(run: RunResult, c: Call): Array<{ threadId: number; file?: string }> {
	const from = at(run, `called ${c.call}`);
	const to = at(run, `returned ${c.call}`);
	return run.trace.events.flatMap((e) => (e.type === 'worker-created' && e.t >= from && e.t <= to ? [{ threadId: e.threadId, file: e.file }] : []));
}
const logOf = (run: RunResult, c: Call) => (run.values[`log${c.call}`] ?? []) as LogEntry[];

/** A check over both calls: the first call's problem, prefixed with what the call was. */
function bothCalls(run: RunResult, judge: (c: Call) => true | string): true | string {
	for (const c of callsFor(run.seed)) {
		if (at(run, `returned ${c.call}`) === Infinity) return `parallelMap(${c.ranges.length} ranges, ${c.size}) never resolved`;
		const verdict = judge(c);
		if (verdict !== true) return `in parallelMap(${c.ranges.length} ranges, ${c.size}): ${verdict}`;
	}
	return true;
}

/** Every range reached a worker exactly once, as the task { id, from, to } for that range. */
function throughWorkers(c: Call, log: LogEntry[]): true | string {
	const seen = new Array<number>(c.ranges.length).fill(0);
	for (const e of log) {
		if (e.kind !== 'got' || e.id === null || e.id < 0 || e.id >= c.ranges.length) continue;
		const [from, to] = c.ranges[e.id]!;
		if (e.from !== from || e.to !== to) return `range ${e.id} is [${from}, ${to}), but its task said from ${e.from}, to ${e.to}: send each range as it is, { id, from, to }`;
		seen[e.id]!++;
	}
	const never = seen.indexOf(0);
	if (never >= 0) return `${seen.filter((n) => n === 0).length} of the ${c.ranges.length} ranges never reached a worker (the first: range ${never}); send every range to a worker, as { id, from, to }`;
	const twice = seen.findIndex((n) => n > 1);
	return twice < 0 || `range ${twice} was sent to workers ${seen[twice]} times; send each range once`;
}

/** No range arrived at a worker that had not answered its previous one yet. */
function oneAtATime(log: LogEntry[]): true | string {
	const early = log.filter((e) => e.kind === 'got' && e.whileBusy);
	if (early.length === 0) return true;
	return `${early.length} ranges were sent to a worker that had not answered its previous range yet (the first: range ${early[0]!.id}): give a worker its next range when it answers, not ahead of time`;
}

/**
 * Ranges were handed out in input order: matching each worker's received tasks (its log) with the
 * messages the main thread posted to it (the trace), in the order they were posted, the ids must rise.
 */
function inInputOrder(run: RunResult, log: LogEntry[]): true | string {
	const received = new Map<number, Array<number | null>>();
	for (const e of log) if (e.kind === 'got') received.set(e.threadId, [...(received.get(e.threadId) ?? []), e.id]);
	const sent = run.trace.events
		.map((e, order) => ({ e, order }))
		.filter(({ e }) => e.type === 'message' && e.from === 0 && received.has(e.to))
		.sort((a, b) => a.e.t - b.e.t || a.order - b.order);
	const position = new Map<number, number>();
	const ids: number[] = [];
	for (const { e } of sent) {
		const worker = (e as { to: number }).to;
		const k = position.get(worker) ?? 0;
		position.set(worker, k + 1);
		const id = received.get(worker)![k];
		if (id !== null && id !== undefined) ids.push(id);
	}
	for (let i = 1; i < ids.length; i++) {
		if (ids[i]! < ids[i - 1]!) {
			return `ranges were handed out in the order …${ids.slice(Math.max(0, i - 3), i + 2).join(', ')}…: range ${ids[i]} went out after range ${ids[i - 1]}. A worker that answers gets the next range nobody has taken yet, whichever worker had it in mind`;
		}
	}
	return true;
}

export default defineExercise({
	// The one-worker-per-range mistake starts a worker per range, in each call.
	limits: { timeoutMs: 15_000, maxWorkers: 48 },
	async run(ctx) {
		const os = require('node:os') as typeof import('node:os');
		const syncExports = () => (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
		const cpus = os.cpus();
		const { parallelMap } = await ctx.import('parallel-map.ts');
		for (const c of callsFor(ctx.seed)) {
			// A core count that is never the pool size: the size to use is the argument.
			os.availableParallelism = () => c.cores;
			os.cpus = () => Array.from({ length: c.cores }, (_, i) => cpus[i % cpus.length]!);
			syncExports();
			const worker = installWorker(ctx, c, 1500 * ctx.factor);
			ctx.mark(`called ${c.call}`);
			ctx.report(`counts${c.call}`, await parallelMap(c.ranges, c.size));
			ctx.mark(`returned ${c.call}`);
			ctx.report(`log${c.call}`, await worker.finish());
		}
	},
	checks: [
		checks.custom(
			'results',
			'one count per range, in the order of the ranges',
			(run) => {
				const calls = callsFor(run.seed);
				const want = expectedCounts(calls);
				return bothCalls(run, (c) => {
					const got = run.values[`counts${c.call}`];
					if (!Array.isArray(got) || got.length !== c.ranges.length) return `expected ${c.ranges.length} counts, got ${JSON.stringify(got)?.slice(0, 80)}`;
					const i = want[c.call - 1]!.findIndex((w, k) => w !== got[k]);
					return i < 0 || `counts[${i}] should be ${want[c.call - 1]![i]} (the primes in [${c.ranges[i]!.join(', ')})), got ${JSON.stringify(got[i])}; answers arrive in the order they finish: store each by its id`;
				});
			},
			{ hint: 2 },
		),
		checks.custom(
			'workers',
			'starts exactly `size` workers per call, from map-worker.ts',
			(run) =>
				bothCalls(run, (c) => {
					const created = workersOf(run, c);
					if (created.length !== c.size) {
						return `started ${created.length} workers; expected exactly ${c.size}, the size asked for (os.availableParallelism() said ${c.cores} meanwhile: the size to use is the argument)`;
					}
					const other = created.find((w) => w.file !== 'map-worker.js');
					return !other || `started a worker from ${other.file ? `"${other.file}"` : 'inline code'}, not from map-worker.ts`;
				}),
			{ hint: 1 },
		),
		checks.custom('through-workers', 'sends every range to a worker once, as { id, from, to }', (run) => bothCalls(run, (c) => throughWorkers(c, logOf(run, c))), { hint: 1 }),
		checks.custom('one-at-a-time', 'gives a worker its next range only once it has answered', (run) => bothCalls(run, (c) => oneAtATime(logOf(run, c))), { hint: 1 }),
		checks.custom('next-in-order', 'hands out the next range nobody has taken yet', (run) => bothCalls(run, (c) => inInputOrder(run, logOf(run, c))), { hint: 1 }),
		checks.custom(
			'no-idle-worker',
			'every worker gets a range at the start, and the next one as soon as it answers',
			(run) =>
				bothCalls(run, (c) => {
					const given = new Set(logOf(run, c).flatMap((e) => (e.kind === 'got' && e.id !== null ? [e.threadId] : [])));
					const idle = workersOf(run, c).filter((w) => !given.has(w.threadId)).length;
					if (idle > 0) return `${idle} of the ${c.size} workers never got a range: give every worker a range at the start`;
					const long = logOf(run, c).find((e) => e.kind === 'done' && e.id === c.long);
					if (!long) return `range ${c.long} (the long one) was never answered by a worker`;
					if (long.gated) return true;
					const waiting = long.waiting ?? c.ranges.length - 1;
					return `while one worker counted the long range ${c.long}, the other workers finished only ${long.others ?? 0} range${long.others === 1 ? '' : 's'} between them (${waiting} were waiting to be taken): they waited instead of taking the next range as soon as they answered`;
				}),
			{ hint: 0 },
		),
		checks.parallelism({ minOverlapMs: 150, hint: 0 }),
		checks.custom('exited-before-return', 'every worker has exited before the promise resolves', (run) =>
			bothCalls(run, (c) => {
				const returned = at(run, `returned ${c.call}`);
				const created = workersOf(run, c);
				const late = created.filter((w) => {
					const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === w.threadId);
					return !exit || exit.t > returned;
				});
				return late.length === 0 || `${late.length} of the ${created.length} workers had not exited yet when your promise resolved: send each 'stop' and wait for its 'exit' event`;
			}),
			{ hint: 2 },
		),
	],
});
