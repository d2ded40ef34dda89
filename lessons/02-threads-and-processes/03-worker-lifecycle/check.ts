import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

/** The grader's own workers carry this as their (eval) code, so the checks can tell them apart. */
const GRADER_WORKER = 'void "conc-tutor grader worker"';

interface CallPlan {
	steps: number;
	/** 2–9: never 0 or 1 (1 is what terminate() gives). */
	exitCode: number;
	/** Workers of the grader's own started (and ended) before the call, so that no threadId can be guessed. */
	spacers: number;
}

interface Plan {
	calls: CallPlan[];
	/** A word the worker puts in every message: the messages cannot be made up from the arguments. */
	tag: string;
}

export function plan(seed: number): Plan {
	let state = (seed * 2654435761 + 99) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const call = (): CallPlan => ({ steps: 2 + next(4), exitCode: 2 + next(8), spacers: next(3) });
	const calls = [call(), call()];
	const letters = 'abcdefghjkmnpqrstuvwxyz';
	const tag = Array.from({ length: 5 }, () => letters[next(letters.length)]).join('');
	return { calls, tag };
}

const messageFor = (tag: string, i: number) => `step ${i} ${tag}`;

/** steps-worker.ts as the grader runs it (the learner's copy is replaced in the run folder): same behaviour, its own tag. */
const workerSource = (tag: string) => `import { parentPort, workerData } from 'node:worker_threads';
const { steps, exitCode } = workerData;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(sleeper, 0, 0, ms);
for (let i = 1; i <= steps; i++) {
	sleep(20);
	parentPort.postMessage('step ' + i + ' ' + ${JSON.stringify(tag)});
}
sleep(300);
process.exit(exitCode);
`;

interface Recorded {
	event: string;
	threadId?: number;
	data?: unknown;
	code?: number;
}

interface Call extends CallPlan {
	call: number;
	from: number;
	to: number;
	/** Workers the solution created during the call (the grader's own left out). */
	created: Array<{ threadId: number; file?: string }>;
	recorded: Recorded[] | string;
}

function callsOf(run: RunResult): Call[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
	const lists = run.values.lists as unknown[] | undefined;
	return plan(run.seed).calls.map((c, i) => {
		const from = at(`called ${i + 1}`);
		const to = at(`returned ${i + 1}`);
		const created = run.trace.events.flatMap((e) =>
			e.type === 'worker-created' && e.file !== GRADER_WORKER && e.t >= from && e.t <= to ? [{ threadId: e.threadId, file: e.file }] : [],
		);
		const list = lists?.[i];
		const recorded = Array.isArray(list) ? (list as Recorded[]) : `recordLifecycle(${c.steps}, ${c.exitCode}) resolved with ${JSON.stringify(list) ?? 'undefined'}, not an array of events`;
		return { ...c, call: i + 1, from, to, created, recorded };
	});
}

const name = (c: Call) => `recordLifecycle(${c.steps}, ${c.exitCode})`;

/** Runs `judge` on every call; a call whose list is not an array fails with that. */
function everyCall(run: RunResult, judge: (c: Call, list: Recorded[]) => true | string): true | string {
	for (const c of callsOf(run)) {
		if (c.to === Infinity) return `${name(c)} never resolved`;
		if (typeof c.recorded === 'string') return c.recorded;
		const verdict = judge(c, c.recorded);
		if (verdict !== true) return verdict;
	}
	return true;
}

export default defineExercise({
	limits: { timeoutMs: 6000 },
	async run(ctx) {
		const { calls, tag } = plan(ctx.seed);
		// The grader's own steps-worker (the file the learner was told not to change), with this run's tag.
		writeFileSync(path.join(ctx.dir, 'steps-worker.js'), workerSource(tag));
		const { recordLifecycle } = await ctx.import('lifecycle.ts');
		const { Worker } = await import('node:worker_threads');
		// How many listeners each worker had for 'online' when the event came: an 'online' entry nobody could
		// have heard was made up, not recorded. The grader's own worker first gives the count of the grader's
		// listeners (the supervisor traces 'online' too).
		const onlineHeard: Record<number, number> = {};
		const emit = Worker.prototype.emit;
		Worker.prototype.emit = function (this: InstanceType<typeof Worker>, event: string | symbol, ...args: unknown[]) {
			if (event === 'online') onlineHeard[this.threadId] = this.listenerCount('online');
			return emit.call(this, event, ...args);
		};
		const probe = new Worker(GRADER_WORKER, { eval: true });
		const probeId = probe.threadId; // reads -1 after exit
		await new Promise((resolve) => probe.once('exit', resolve));
		ctx.report('gradersOnlineListeners', onlineHeard[probeId]);
		const lists: unknown[] = [];
		for (const [i, { steps, exitCode, spacers }] of calls.entries()) {
			for (let s = 0; s < spacers; s++) {
				const spacer = new Worker(GRADER_WORKER, { eval: true });
				await new Promise((resolve) => spacer.once('exit', resolve));
			}
			ctx.mark(`called ${i + 1}`);
			lists.push(await recordLifecycle(steps, exitCode));
			ctx.mark(`returned ${i + 1}`);
		}
		ctx.report('lists', lists);
		ctx.report('onlineHeard', onlineHeard);
	},
	checks: [
		checks.custom('workers', 'starts one worker per call, from steps-worker.ts', (run) =>
			everyCall(run, (c) => {
				if (c.created.length !== 1) return `${name(c)} started ${c.created.length} workers; expected exactly 1`;
				return c.created[0]!.file === 'steps-worker.js' || `${name(c)} started its worker from ${c.created[0]!.file ? `"${c.created[0]!.file}"` : 'inline code'}, not from steps-worker.ts`;
			}),
		),
		checks.custom('lifecycle-order', 'records created → online → every message → exit, in order', (run) =>
			everyCall(run, (c, list) => {
				const want = ['created', 'online', ...Array<string>(c.steps).fill('message'), 'exit'];
				const got = list.map((e) => e?.event);
				if (got.join() === want.join()) {
					const heard = (run.values.onlineHeard as Record<number, number> | undefined)?.[c.created[0]?.threadId ?? -1];
					const graders = run.values.gradersOnlineListeners as number | undefined;
					if (heard === undefined || graders === undefined || heard > graders) return true;
					return `${name(c)}: your list says "online", but nothing of yours was listening for the worker's 'online' event when it came: that entry was written, not recorded. Add it from worker.on('online', …)`;
				}
				const i = want.findIndex((w, k) => got[k] !== w);
				const what = i === -1 ? `it has ${got.length - want.length} extra` : i >= got.length ? `the list ends after ${got.length} events` : `event no. ${i + 1} is "${got[i]}"`;
				return `${name(c)}: expected ${want.join(' → ')}; ${what} (you recorded: ${got.join(' → ') || 'nothing'})`;
			}),
		{ hint: 0 }),
		checks.custom('messages', 'records the data of the messages the worker sent, in order', (run) => {
			const { tag } = plan(run.seed);
			return everyCall(run, (c, list) => {
				const want = Array.from({ length: c.steps }, (_, i) => messageFor(tag, i + 1));
				const got = list.filter((e) => e?.event === 'message').map((e) => e.data);
				if (JSON.stringify(got) === JSON.stringify(want)) return true;
				const madeUp = got.length > 0 && got.every((d, i) => d === `step ${i + 1}`);
				return `${name(c)}: the worker sent ${JSON.stringify(want)}, you recorded ${JSON.stringify(got)}${madeUp ? ' (the grader\'s worker adds a word to each message: record the data you receive)' : ''}`;
			});
		}),
		checks.custom('thread-id', 'the created event has the threadId of the worker it started', (run) =>
			everyCall(run, (c, list) => {
				const got = list.find((e) => e?.event === 'created')?.threadId;
				const ids = c.created.map((w) => w.threadId);
				if (ids.length === 1 && got === ids[0]) return true;
				if (got === -1) return `${name(c)} recorded threadId -1: that is what worker.threadId reads after the worker has exited; read it right after new Worker(...)`;
				return `${name(c)} recorded threadId ${JSON.stringify(got)}; the worker it started had threadId ${ids.join(', ') || '(none)'} (other workers run in the same process, so ids are not predictable)`;
			}),
		),
		checks.custom('exit-code', 'records the exit code the worker itself chose', (run) =>
			everyCall(run, (c, list) => {
				const got = list.find((e) => e?.event === 'exit')?.code;
				const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === c.created[0]?.threadId);
				const terminated = run.trace.events.some((e) => e.type === 'worker-terminate' && e.threadId === c.created[0]?.threadId);
				if (got === undefined) return `${name(c)}: no exit event was recorded`;
				if (exit && exit.type === 'worker-exit' && got !== exit.code) return `${name(c)} recorded exit code ${got}, but the worker exited with ${exit.code}`;
				if (got !== c.exitCode) return `${name(c)} recorded exit code ${got}; the worker exits with ${c.exitCode} when it is allowed to finish${terminated ? ' (you called terminate(), which ends it with code 1)' : ''}`;
				return true;
			}),
		{ hint: 1 }),
		checks.custom('exited-before-return', 'lets the worker finish on its own and resolves after it has exited', (run) =>
			everyCall(run, (c) => {
				for (const { threadId } of c.created) {
					const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === threadId);
					if (run.trace.events.some((e) => e.type === 'worker-terminate' && e.threadId === threadId)) {
						return `${name(c)} called terminate() on its worker; let it finish on its own`;
					}
					if (!exit || exit.t > c.to) {
						return `${name(c)} resolved while its worker was still running${exit ? ` (it exited ${Math.round(exit.t - c.to)} ms later)` : ''}: resolve on the worker's 'exit' event`;
					}
				}
				return true;
			}),
		{ hint: 1 }),
	],
});
