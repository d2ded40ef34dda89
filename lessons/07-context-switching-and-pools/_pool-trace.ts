// Shared by the checks of lesson 7 (pool-in-order, pool-sized-to-cores): the grader swaps the exercise's
// worker file for its own copy, which answers exactly like the one the learner read, but also tells the
// grader (on a BroadcastChannel the solution does not use) which task each worker received, in which
// order, whether a task arrived while the worker still had one, and, for one "long" task per run,
// whether the other workers kept finishing tasks while it waited. The checks below judge that log
// together with the message events the supervisor traced on the ports.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult, SandboxContext } from 'conc-tutor/kit';

export interface PoolLogEntry {
	kind: 'got' | 'done';
	threadId: number;
	/** The task's index, or null for a message that was not a task. */
	index: number | null;
	/** 'got': a task arrived while this worker still had one unanswered. */
	whileBusy?: boolean;
	/** 'done' of the long task: how many tasks the other workers finished while it waited, and whether enough did. */
	others?: number;
	gated?: boolean;
	/** 'done' of the long task: how many tasks nobody had received yet when it began. */
	waiting?: number;
}

export interface PoolPlan {
	/** ms each task naps before its answer, by index. */
	naps: number[];
	/** The long task: its index and how many answers of other workers it waits for (or all that were still waiting). */
	longIndex: number;
	longNeeds: number;
	/** How many tasks the call hands out in all. */
	total: number;
	/** Most it waits for them, ms (already scaled). */
	gateMs: number;
}

/** A 32-bit hash of (seed, i, salt): the same in the sandbox and in the grader. */
export function hash(seed: number, i: number, salt: number): number {
	let h = Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

/**
 * Writes the grader's worker over `file` (compiled .js in the run folder) and starts listening to it.
 * `answer` is the body of `function answer(task) { ... }`, returning the worker's reply.
 */
export function installWorker(ctx: SandboxContext, file: string, answer: string, plan: PoolPlan) {
	const channel = `conc-tutor-pool-${ctx.seed}-${Math.floor(ctx.random() * 1e9)}`;
	const source = `// The grader's copy of this worker (same protocol and answers), with a log for the grader.
import { parentPort, threadId } from 'node:worker_threads';
const PLAN = ${JSON.stringify({ ...plan, channel })};
const log = new BroadcastChannel(PLAN.channel);
// While the long task waits, it counts the tasks other workers RECEIVED after it started and then
// finished, by the time their worker stamped on receipt: another thread's lines can arrive late, after
// this thread's next task, and a barrier's earlier round would look like work done meanwhile.
const stamp = () => Number(process.hrtime.bigint() / 1000n); // µs, one clock for every thread
let othersDone = 0;
let since = Infinity;
const receivedAt = new Map();
log.onmessage = (event) => {
	const m = event.data;
	if (!m || m.threadId === threadId) return;
	if (m.kind === 'got' && m.index !== null) receivedAt.set(m.index, m.at);
	if (m.kind === 'done' && receivedAt.get(m.index) >= since) othersDone++;
};
log.unref();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function answer(task) { ${answer} }
let busy = 0;
let chain = Promise.resolve();
parentPort.on('message', (task) => {
	const isTask = task && typeof task === 'object' && Number.isInteger(task.index);
	log.postMessage({ kind: 'got', threadId, index: isTask ? task.index : null, whileBusy: isTask && busy > 0, at: stamp() });
	if (!isTask) return;
	busy++;
	chain = chain.then(async () => {
		let others, gated, waiting;
		if (task.index === PLAN.longIndex) {
			since = stamp();
			const start = othersDone;
			// Tasks nobody had received when this one began: a worker that came online late, on a busy
			// machine, may find the others nearly done, and they cannot finish more than were left.
			const waitingThen = () => PLAN.total - 1 - [...receivedAt.values()].filter((at) => at < since).length;
			const needs = () => Math.min(PLAN.longNeeds, waitingThen());
			const until = Date.now() + PLAN.gateMs;
			while (othersDone - start < needs() && Date.now() < until) await sleep(2);
			others = othersDone - start;
			gated = others >= needs();
			waiting = waitingThen();
			since = Infinity;
		} else {
			await sleep(PLAN.naps[task.index] ?? 0);
		}
		const reply = answer(task);
		busy--;
		// Logged before the answer: once the solution has every answer, the log has every line.
		log.postMessage({ kind: 'done', threadId, index: task.index, others, gated, waiting });
		parentPort.postMessage(reply);
	});
});
`;
	writeFileSync(path.join(ctx.dir, file), source);
	const entries: PoolLogEntry[] = [];
	const listener = new BroadcastChannel(channel);
	listener.onmessage = (event: MessageEvent) => entries.push(event.data as PoolLogEntry);
	return {
		entries,
		/** After the solution returned: waits (briefly) for log lines still on their way, then stops listening. */
		async finish(expectedTasks: number) {
			await ctx.waitFor(() => entries.filter((e) => e.kind === 'done').length >= expectedTasks, 500 * ctx.factor);
			listener.close();
			return entries;
		},
	};
}

/** Time of the first mark with this label, if any. */
export const markAt = (run: RunResult, label: string) =>
	run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;

/** Workers created (optionally only after the mark `since`, and before the mark `until`). */
export function workersOf(run: RunResult, since?: string, until?: string): number[] {
	const from = since === undefined ? -Infinity : markAt(run, since) ?? Infinity;
	const to = until === undefined ? Infinity : markAt(run, until) ?? Infinity;
	return run.trace.events
		.filter((e) => e.type === 'worker-created' && e.t >= from && e.t <= to)
		.map((e) => (e as { threadId: number }).threadId);
}

/** Every task reached a worker of the pool exactly once. */
export function throughWorkers(log: PoolLogEntry[], count: number): true | string {
	const seen = new Array<number>(count).fill(0);
	for (const e of log) if (e.kind === 'got' && e.index !== null && e.index >= 0 && e.index < count) seen[e.index]!++;
	const never = seen.findIndex((n) => n === 0);
	const twice = seen.findIndex((n) => n > 1);
	const missing = seen.filter((n) => n === 0).length;
	if (never >= 0) {
		return `${missing} of the ${count} tasks never reached a worker (the first: task ${never}); every task must be computed by a worker of the pool, sent as a message`;
	}
	if (twice >= 0) return `task ${twice} was sent to workers ${seen[twice]} times; send each task once`;
	return true;
}

/** No task arrived at a worker that had not answered its previous one yet. */
export function oneAtATime(log: PoolLogEntry[]): true | string {
	const early = log.filter((e) => e.kind === 'got' && e.whileBusy);
	if (early.length === 0) return true;
	const workers = new Set(early.map((e) => e.threadId)).size;
	return `${early.length} tasks were sent to a worker that had not answered its previous task yet (on ${workers} worker${workers === 1 ? '' : 's'}; the first: task ${early[0]!.index}): send a worker its next task when it answers, not ahead of time`;
}

/**
 * Tasks were handed out in input order: matching each worker's received tasks (from the log) with the
 * messages the main thread posted to it (from the trace), in the order they were posted, the task indices
 * must increase: always the next task nobody has taken yet.
 */
export function inInputOrder(run: RunResult, log: PoolLogEntry[]): true | string {
	const received = new Map<number, Array<number | null>>();
	for (const e of log) if (e.kind === 'got') received.set(e.threadId, [...(received.get(e.threadId) ?? []), e.index]);
	const sent = run.trace.events
		.map((e, order) => ({ e, order }))
		.filter(({ e }) => e.type === 'message' && e.from === 0 && received.has((e as { to: number }).to))
		.sort((a, b) => a.e.t - b.e.t || a.order - b.order);
	const position = new Map<number, number>();
	const dispatched: Array<{ index: number; worker: number }> = [];
	for (const { e } of sent) {
		const worker = (e as { to: number }).to;
		const k = position.get(worker) ?? 0;
		position.set(worker, k + 1);
		const index = received.get(worker)![k];
		if (index !== null && index !== undefined) dispatched.push({ index, worker });
	}
	for (let i = 1; i < dispatched.length; i++) {
		if (dispatched[i]!.index < dispatched[i - 1]!.index) {
			const order = dispatched.slice(Math.max(0, i - 3), i + 2).map((d) => d.index).join(', ');
			return `tasks were handed out in the order …${order}…: task ${dispatched[i]!.index} went out after task ${dispatched[i - 1]!.index}. When a worker answers, give it the next task in input order that nobody has taken yet`;
		}
	}
	return true;
}

/** While the long task held one worker, the others kept finishing tasks (no batch barrier, no idle worker). */
export function kept(log: PoolLogEntry[], plan: { longIndex: number; longNeeds: number }): true | string {
	const long = log.find((e) => e.kind === 'done' && e.index === plan.longIndex);
	if (!long) return `task ${plan.longIndex} (the long one) was never answered by a worker`;
	if (long.gated) return true;
	const needed = Math.min(plan.longNeeds, long.waiting ?? plan.longNeeds);
	return `one worker was busy with a long task (task ${plan.longIndex}) and the other workers finished only ${long.others ?? 0} task${long.others === 1 ? '' : 's'} between them meanwhile (${needed} were needed, of the ${long.waiting ?? 'many'} waiting to be taken): they sat idle. Give each worker its next task as soon as it answers, without waiting for the others`;
}

/** Every worker the solution started had exited (not only been asked to) before its function returned. */
export function exitedBeforeReturn(run: RunResult, mark: string, since?: string): true | string {
	const returned = markAt(run, mark);
	if (returned === undefined) return 'the function never returned';
	const created = workersOf(run, since, mark);
	const exits = new Map<number, number>();
	for (const e of run.trace.events) if (e.type === 'worker-exit') exits.set(e.threadId, e.t);
	const late = created.filter((id) => !(exits.has(id) && exits.get(id)! <= returned));
	if (late.length === 0) return true;
	return `${late.length} of the ${created.length} workers had not exited yet when your function returned: wait for each one to end (await worker.terminate()) before resolving`;
}
