import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise, describeIdle, idleAfterAnswer, watchHandoffs, type Handoff, type RunResult } from 'conc-tutor/kit';
import { hash, inInputOrder, type PoolLogEntry } from '../../07-context-switching-and-pools/_pool-trace.js';

// The run, for a seed (the same in the sandbox and in the grader):
// - pool 1 of `size` (2 to 4) workers: one task on its own (an idle pool must start it at once), then a
//   first wave of tasks queued at once, with 2 or 3 failing ones and one "long" task that waits until the
//   other workers have answered and are all busy again; when the wave has settled, a second wave (more
//   tasks than workers) and, at once, close().
// - pool 2, same size: fewer tasks than workers, and close() at once (running tasks, an empty queue).
// - pool 3, same size: close() at once, without a task.
// The grader writes its own task-worker.js: same protocol and answers as the one the learner reads, plus
// a log in shared memory of which task reached which worker, whether each answer was sent, and the gate.

interface PlannedTask {
	seq: number;
	x: number;
	ms: number;
	fail: boolean;
	long?: boolean;
}

interface Plan {
	size: number;
	lone: PlannedTask;
	wave1: PlannedTask[];
	wave2: PlannedTask[];
	pool2: PlannedTask[];
}

/** Answers of the other workers during which the long task watches whether they are kept busy. */
const gateAnswers = (size: number) => 3 * (size - 1);

function plan(seed: number): Plan {
	const size = 2 + (hash(seed, 0, 0x7f4a7c15) % 3);
	let seq = 0;
	const task = (fail = false, long = false): PlannedTask => {
		const s = seq++;
		return { seq: s, x: 1 + (hash(seed, s, 0x2545f491) % 999), ms: 40 + (hash(seed, s, 0x9e3779b9) % 80), fail, ...(long ? { long } : {}) };
	};
	const lone = task();
	// The long task is handed out after the first round. It judges the pool while the others answer
	// their next 3 × (size - 1) tasks; the failing tasks come after that window, so that no replacement
	// (which refills the pool whatever its dispatch does) falls inside it.
	const longAt = size + (hash(seed, 1, 0x7f4a7c15) % 2);
	const failCount = 2 + (hash(seed, 2, 0x7f4a7c15) % 2);
	const firstFail = longAt + 1 + gateAnswers(size) + size + 1;
	const tail = failCount + 2 + (hash(seed, 3, 0x7f4a7c15) % 3);
	const failing = new Set<number>();
	for (let k = 0; failing.size < failCount; k++) failing.add(firstFail + (hash(seed, 10 + k, 0x7f4a7c15) % tail));
	const wave1 = Array.from({ length: firstFail + tail }, (_, i) => task(failing.has(i), i === longAt));
	const wave2 = Array.from({ length: size + 1 + (hash(seed, 4, 0x7f4a7c15) % 3) }, () => task());
	const pool2 = Array.from({ length: 2 + (hash(seed, 5, 0x7f4a7c15) % (size - 1)) }, () => task());
	return { size, lone, wave1, wave2, pool2 };
}

const tasksOf = (p: Plan) => [p.lone, ...p.wave1, ...p.wave2, ...p.pool2];
const pool1Tasks = (p: Plan) => [p.lone, ...p.wave1, ...p.wave2];

// Shared memory of one pool's tasks (Int32 slots).
const RUNNING = 0; // tasks running now
const PEAK = 1; // most ever running at once
const NAP = 2; // never changes: a place to sleep on
const RECEIVED = 3; // messages received by the pool's workers
const DONE = 4; // tasks finished (answered or thrown)
const GATE = 5; // the long task: 0 not run, 1 the others kept busy, 2 they did not
const GATE_DONE = 6; // answers of the others the long task saw
const ANSWERED = 8; // + seq: 1 when the worker posted the answer, 2 when it threw
const LOG = 256; // pairs [threadId, seq] in the order messages reached workers (seq -1: not a task)
const SLOTS = LOG + 2 * 256;

const WORKER = `// The grader's copy of task-worker (same messages and answers as the one you read), with a log.
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (task) => {
	const isTask = task && typeof task === 'object' && task.gauge instanceof SharedArrayBuffer && Number.isInteger(task.seq);
	if (!isTask) return;
	const g = new Int32Array(task.gauge);
	const at = Atomics.add(g, ${RECEIVED}, 1);
	if (at < 256) { g[${LOG} + 2 * at] = threadId; g[${LOG} + 2 * at + 1] = task.seq; }
	const running = Atomics.add(g, ${RUNNING}, 1) + 1;
	let peak = Atomics.load(g, ${PEAK});
	while (running > peak) {
		const seen = Atomics.compareExchange(g, ${PEAK}, peak, running);
		if (seen === peak) break;
		peak = seen;
	}
	if (task.long) {
		// Watches the others while they answer task.answers tasks: after the first (size - 1) of them,
		// were all \`size\` tasks running at once again? Only a pool that hands a worker its next task as
		// soon as it answers gets there. Gives up after gateMs.
		const start = Atomics.load(g, ${DONE});
		const until = Date.now() + task.gateMs;
		let done = 0, full = false;
		while (done < task.answers && Date.now() < until) {
			Atomics.wait(g, ${NAP}, 0, 1);
			done = Atomics.load(g, ${DONE}) - start;
			if (done >= task.size - 1 && Atomics.load(g, ${RUNNING}) >= task.size) full = true;
		}
		Atomics.store(g, ${GATE_DONE}, done);
		Atomics.store(g, ${GATE}, full ? 1 : 2);
	} else {
		Atomics.wait(g, ${NAP}, 0, task.ms);
	}
	Atomics.sub(g, ${RUNNING}, 1);
	Atomics.add(g, ${DONE}, 1);
	if (task.fail) {
		Atomics.store(g, ${ANSWERED} + task.seq, 2);
		throw new Error(\`task \${task.x} failed on purpose\`);
	}
	Atomics.store(g, ${ANSWERED} + task.seq, 1);
	parentPort.postMessage(task.x * task.x + 1);
});
`;

/** How one task ended, as the run saw it. `early`: it settled before its worker had answered (or thrown). */
type Outcome = { value: unknown; early?: boolean } | { error: string; early?: boolean } | { pending: true };

interface PoolReport {
	peak: number;
	gate: number;
	gateDone: number;
	log: PoolLogEntry[];
	/** close(): 'resolved', 'rejected: …' or 'never resolved'; tasks still pending when it resolved. */
	close: string;
	pendingAtClose: number[];
}

/** How long without any progress (a task received, finished or settled) before a run stops waiting, ms at factor 1. */
const STALL_MS = 2500;

const describe = (task: PlannedTask) => `task #${task.seq} (x = ${task.x}${task.fail ? ', a failing one' : ''})`;
const poolsOf = (run: RunResult) => (run.values.pools ?? []) as PoolReport[];

/** Every worker created between two marks had exited before the second. */
function exitedBefore(run: RunResult, from: string, to: string): true | string {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
	const start = at(from);
	const end = at(to);
	if (start === undefined || end === undefined) return 'close() never resolved';
	const created = run.trace.events.filter((e) => e.type === 'worker-created' && e.t >= start && e.t <= end).map((e) => (e as { threadId: number }).threadId);
	const exits = new Map<number, number>();
	for (const e of run.trace.events) if (e.type === 'worker-exit') exits.set(e.threadId, e.t);
	const late = created.filter((id) => !(exits.has(id) && exits.get(id)! <= end));
	return late.length === 0 || `${late.length} of the ${created.length} workers of the pool had not exited yet when close() resolved: wait until each one has ended (await worker.terminate())`;
}

export default defineExercise({
	// Room for the stall waits below when a wrong pool never settles.
	limits: { timeoutMs: 30_000, maxWorkers: 80 },
	async run(ctx) {
		const p = plan(ctx.seed);
		writeFileSync(path.join(ctx.dir, 'task-worker.js'), WORKER);
		const { WorkerPool } = await ctx.import('pool.ts');
		const file = pathToFileURL(path.join(ctx.dir, 'task-worker.js'));
		// Worker start-ups (and replacements) are what a busy machine slows most: the waits grow with the
		// machine's factor and the pace measured now. They only end a wait in which nothing happened at all.
		const scale = ctx.factor * Math.min(3, await ctx.pace());
		const stallMs = Math.round(STALL_MS * scale);
		const gateMs = Math.round(stallMs / 2);
		ctx.report('waits', { stallMs });
		let handoffs: ReturnType<typeof watchHandoffs> | undefined;
		const outcomes: Outcome[] = tasksOf(p).map(() => ({ pending: true }));
		const gauges: Int32Array[] = [];
		let settledCount = 0;
		const progress = () => settledCount + gauges.reduce((sum, g) => sum + Atomics.load(g, RECEIVED) + Atomics.load(g, DONE), 0);
		/** Waits for `done()`, as long as something keeps happening; false when nothing happened for stallMs. */
		const waitWhileMoving = async (done: () => boolean) => {
			let last = -1;
			while (!done()) {
				const now = progress();
				if (now === last) return false;
				last = now;
				await ctx.waitFor(() => done() || progress() !== now, stallMs);
			}
			return true;
		};
		const queue = (pool: { run(task: unknown): Promise<unknown> }, task: PlannedTask, gauge: Int32Array) => {
			const answered = () => Atomics.load(gauge, ANSWERED + task.seq) !== 0;
			return Promise.resolve()
				.then(() => {
					handoffs?.queued(); // in the same step as run(): close() is called right after the last of them
					return pool.run({ x: task.x, ms: task.ms, fail: task.fail, seq: task.seq, gauge: gauge.buffer, ...(task.long ? { long: true, size: p.size, answers: gateAnswers(p.size), gateMs } : {}) });
				})
				.then(
					(value) => void (outcomes[task.seq] = { value, ...(answered() ? {} : { early: true }) }),
					(error: unknown) => void (outcomes[task.seq] = { error: String((error as Error)?.message ?? error), ...(answered() ? {} : { early: true }) }),
				)
				.finally(() => settledCount++);
		};
		const settled = (tasks: PlannedTask[]) => () => tasks.every((task) => !('pending' in outcomes[task.seq]!));
		const closeAndWatch = async (pool: { close(): Promise<void> }, tasks: PlannedTask[], mark: string) => {
			let close = 'never resolved';
			let pendingAtClose: number[] = [];
			const closing = Promise.resolve()
				.then(() => pool.close())
				.then(
					() => {
						ctx.mark(mark);
						pendingAtClose = tasks.filter((task) => 'pending' in outcomes[task.seq]!).map((task) => task.seq);
						close = 'resolved';
					},
					(error: unknown) => void (close = `rejected: ${String((error as Error)?.message ?? error)}`),
				);
			let closed = false;
			void closing.finally(() => (closed = true));
			await waitWhileMoving(() => closed);
			return { close, pendingAtClose };
		};
		const report = (gauge: Int32Array, closing: { close: string; pendingAtClose: number[] }): PoolReport => {
			const log: PoolLogEntry[] = [];
			for (let i = 0; i < Math.min(256, Atomics.load(gauge, RECEIVED)); i++) {
				const seq = gauge[LOG + 2 * i + 1]!;
				log.push({ kind: 'got', threadId: gauge[LOG + 2 * i]!, index: seq >= 0 ? seq : null });
			}
			return { peak: Atomics.load(gauge, PEAK), gate: Atomics.load(gauge, GATE), gateDone: Atomics.load(gauge, GATE_DONE), log, ...closing };
		};

		// Pool 1.
		const g1 = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
		gauges.push(g1);
		ctx.mark('pool-1');
		// Pool 1's hand-offs, each with its turn of the event loop: answers arrive as 'message' events of its
		// workers, and tasks leave by their postMessage.
		handoffs = watchHandoffs((await import('node:worker_threads')).Worker);
		const pool1 = new WorkerPool(file, p.size);
		void queue(pool1, p.lone, g1);
		// An idle pool starts a task at once: nothing else will happen until it does.
		ctx.report('lone', await waitWhileMoving(settled([p.lone])));
		for (const task of p.wave1) void queue(pool1, task, g1);
		await waitWhileMoving(settled(p.wave1));
		for (const task of p.wave2) void queue(pool1, task, g1);
		const closing1 = await closeAndWatch(pool1, pool1Tasks(p), 'closed-1');
		await waitWhileMoving(settled(pool1Tasks(p)));
		handoffs.stop();
		ctx.report('handoffs', handoffs.handoffs);
		const pools = [report(g1, closing1)];

		// Pool 2: close() while tasks run and nothing waits in the queue.
		const g2 = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
		gauges.push(g2);
		ctx.mark('pool-2');
		const pool2 = new WorkerPool(file, p.size);
		for (const task of p.pool2) void queue(pool2, task, g2);
		const closing2 = await closeAndWatch(pool2, p.pool2, 'closed-2');
		await waitWhileMoving(settled(p.pool2));
		pools.push(report(g2, closing2));

		// Pool 3: close() on a pool that never got a task (nothing queued, nothing running).
		const g3 = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
		ctx.mark('pool-3');
		const pool3 = new WorkerPool(file, p.size);
		pools.push(report(g3, await closeAndWatch(pool3, [], 'closed-3')));

		ctx.report('outcomes', outcomes);
		ctx.report('pools', pools);
	},
	checks: [
		checks.value('right-answers', 'every task that does not fail resolves with its own answer', 'outcomes', (outcomes: Outcome[], run) => {
			for (const task of tasksOf(plan(run.seed))) {
				if (task.fail) continue;
				const got = outcomes[task.seq]!;
				if ('pending' in got) {
					const waited = ((run.values.waits as { stallMs?: number } | undefined)?.stallMs ?? STALL_MS) / 1000;
					return `${describe(task)} never settled: its promise was still pending when nothing had happened for ${waited.toFixed(1)} s`;
				}
				if ('error' in got) return `${describe(task)} rejected with "${got.error}", but it should have resolved`;
				if (got.value !== task.x * task.x + 1) return `${describe(task)} resolved with ${JSON.stringify(got.value)}; its worker answered ${task.x * task.x + 1}`;
			}
			return true;
		}, { hint: 0, timing: true }),
		checks.value('starts-at-once', 'a task queued while a worker is free starts at once', 'lone', (started: boolean, run) => {
			const waited = ((run.values.waits as { stallMs?: number } | undefined)?.stallMs ?? STALL_MS) / 1000;
			return started || `the first task, run() on a new pool with every worker free, had not settled ${waited.toFixed(1)} s later, and nothing happened meanwhile: a task queued while a worker is free must be handed to it at once`;
		}, { hint: 0, timing: true }),
		checks.value('answer-from-worker', 'each promise settles with what its worker sent, after it sent it', 'outcomes', (outcomes: Outcome[], run) => {
			const early = tasksOf(plan(run.seed)).filter((task) => outcomes[task.seq] && 'early' in outcomes[task.seq]!);
			return early.length === 0 || `${early.length} task promise${early.length === 1 ? '' : 's'} settled before the worker had answered (the first: ${describe(early[0]!)}): a task's answer is the worker's next message back, not something the pool works out itself`;
		}, { hint: 0 }),
		checks.value('failures-isolated', 'a failing task rejects only its own promise, and the pool keeps going', 'outcomes', (outcomes: Outcome[], run) => {
			const tasks = tasksOf(plan(run.seed));
			const failing = tasks.filter((task) => task.fail);
			for (const task of failing) {
				const got = outcomes[task.seq]!;
				if (!('error' in got)) return `${describe(task)} threw in its worker, so its promise should reject; it ${'pending' in got ? 'never settled' : 'resolved'}`;
			}
			const stuck = tasks.filter((task) => 'pending' in outcomes[task.seq]!).map((task) => `#${task.seq}`);
			if (stuck.length > 0) {
				return `after the failing tasks (${failing.map((task) => `#${task.seq}`).join(', ')}), tasks ${stuck.join(', ')} never ran to the end: when a task kills its worker, the pool must start a new worker in its place`;
			}
			const wronglyRejected = tasks.filter((task) => !task.fail && 'error' in outcomes[task.seq]!).map((task) => `#${task.seq}`);
			if (wronglyRejected.length > 0) return `tasks ${wronglyRejected.join(', ')} did not fail, yet they were rejected: one failure must not reject other tasks`;
			return true;
		}, { hint: 2, timing: true }),
		checks.value('size-at-once', 'runs up to `size` tasks at the same time, never more', 'pools', (pools: PoolReport[], run) => {
			const { size } = plan(run.seed);
			const peak = Math.max(0, ...pools.map((pool) => pool.peak));
			if (peak > size) return `${peak} tasks were running at the same moment (seen by the tasks themselves); a pool of ${size} must never run more than ${size}`;
			if (pools[0] && pools[0].peak < size) return `at most ${pools[0].peak} task${pools[0].peak === 1 ? ' was' : 's were'} ever running at once, with many queued: a pool of ${size} should keep all ${size} workers busy`;
			return true;
		}, { hint: 1 }),
		checks.custom('first-come-first-served', 'a free worker takes the task that has waited longest', (run) => {
			const log = poolsOf(run).flatMap((pool) => pool.log);
			if (log.length === 0) return 'no task ever reached a worker';
			const verdict = inInputOrder(run, log);
			return verdict === true || verdict.replace('in input order', 'in the order run() was called');
		}, { hint: 1 }),
		checks.value('no-idle-worker', 'a worker that answers takes the next waiting task at once', 'pools', (pools: PoolReport[], run) => {
			const { size, wave1 } = plan(run.seed);
			const long = wave1.find((task) => task.long)!;
			const idle = idleAfterAnswer((run.values.handoffs ?? []) as Handoff[]);
			if (idle) return describeIdle(idle);
			const gate = pools[0]?.gate ?? 0;
			if (gate === 1) return true;
			if (gate === 0) return `task #${long.seq} never ran`;
			return `while one worker ran a long task (#${long.seq}), the other ${size - 1} never were all busy again at once although tasks were waiting (they answered ${pools[0]!.gateDone} tasks meanwhile): when a worker answers, hand it the next queued task at once`;
		}, { hint: 1, timing: true }),
		checks.custom('reuses-workers', 'starts `size` workers per pool, plus one new worker for each that died', (run) => {
			const p = plan(run.seed);
			const want = 3 * p.size + p.wave1.filter((task) => task.fail).length;
			const { started } = run.trace.workers;
			return started === want || `started ${started} workers; three pools of ${p.size} with ${want - 3 * p.size} failing tasks need exactly ${want} (start the workers once and reuse them; replace each one that died)`;
		}, { hint: 1 }),
		checks.custom('close-waits-for-tasks', 'close() lets every queued and running task finish first', (run) => {
			const pools = poolsOf(run);
			for (const [i, pool] of pools.entries()) {
				if (pool.close !== 'resolved') return `close() of pool ${i + 1} ${pool.close}${i === 2 ? ' (a pool that was never given a task: nothing to wait for)' : ''}`;
				if (pool.pendingAtClose.length > 0) {
					const what = i === 0 ? 'queued and running' : 'running (none were queued)';
					return `close() of pool ${i + 1} resolved while tasks ${pool.pendingAtClose.map((s) => `#${s}`).join(', ')} had not settled; close() was called with tasks ${what}: let them finish, then end the workers`;
				}
			}
			return pools.length === 3 || `close() of pool ${pools.length + 1} was never reached`;
		}, { hint: 3, timing: true }),
		checks.custom('exited-before-close', 'close() resolves once every worker of the pool has exited', (run) => {
			for (const k of [1, 2, 3]) {
				const verdict = exitedBefore(run, `pool-${k}`, `closed-${k}`);
				if (verdict !== true) return verdict;
			}
			return true;
		}, { hint: 3 }),
		checks.noLeaks({ hint: 3 }),
	],
});
