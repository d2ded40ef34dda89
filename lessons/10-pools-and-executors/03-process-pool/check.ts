import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';
import { hash, markAt } from '../../07-context-switching-and-pools/_pool-trace.js';

// The run, for a seed: a pool of 2 or 3 children gets task 0 alone (it must start at once), then the
// other 7 to 11 tasks at once, and close() right after them (queued and running tasks). One task, handed
// out in the second round, is long: 5× the CPU, and then it goes on until every other task of the pool has
// answered (or nothing happened for a while), so that the free children must take the queued tasks while
// it runs, whatever the machine's scheduling. Then a second pool of the same size gets `size` tasks and close() at once: every task running,
// none queued (a close() that waits only for a queue fails there). The grader writes its own task-child.js:
// the same messages and answers as the one the learner reads, plus a log line (in a file of its private
// /tmp) for every task it receives and every answer it sends.

interface PlannedTask {
	id: number;
	x: number;
	spins: number;
}

const sizeOf = (seed: number) => 2 + (hash(seed, 0, 0x3c6ef372) % 2);

/** The first (and only) long task: in the second round. */
const longAt = (seed: number) => sizeOf(seed) + (hash(seed, 2, 0x3c6ef372) % 2);

/**
 * The first pool's tasks, 0 to 7-11; the second pool's follow them, one per child. At least `size` + 1
 * follow the long one: a pool that deals tasks to children ahead of time has then dealt one of them, after
 * the long one's successor, to a child that is free while the long one runs.
 */
const firstCount = (seed: number) => Math.max(8 + (hash(seed, 1, 0x3c6ef372) % 5), longAt(seed) + sizeOf(seed) + 2);

function plan(seed: number): PlannedTask[] {
	const size = sizeOf(seed);
	const count = firstCount(seed) + size;
	const long = longAt(seed);
	const xs = new Set<number>();
	return Array.from({ length: count }, (_, id) => {
		let x = 1 + (hash(seed, 10 + id, 0x3c6ef372) % 999);
		while (xs.has(x)) x = (x % 999) + 1;
		xs.add(x);
		// About 120-200 ms of CPU each on CI's 2026-12 machines (twice that on older ones); the long one ~540 ms.
		// Idle, a correct pool's children are then busy together for 4× or more of what `parallelism` needs;
		// with half this work, 1.1× once (2026-12-05).
		const spins = id === long ? 480_000_000 : 112_000_000 + (hash(seed, 40 + id, 0x3c6ef372) % 64_000_000);
		return { id, x, spins };
	});
}

/**
 * The grader's task-child. The long task, once its CPU is spent, keeps its core busy until the log shows
 * an answer to every other task of the first pool, or shows nothing new for `holdMs` (a pool that keeps
 * tasks back for this child): how long the others take then no longer decides the order they are handed
 * out in. `holdMs` stays under the run's own still stretch, so the run never gives up on a held task.
 */
const CHILD = (logFile: string, hold: { id: number; others: number[]; holdMs: number }) => `// The grader's copy of task-child (same messages and answers as the one you read), with a log.
import { appendFileSync, readFileSync } from 'node:fs';
const LOG = ${JSON.stringify(logFile)};
const HOLD = ${JSON.stringify(hold)};
// Anchored to Date.now(), not performance.timeOrigin: each process's timeOrigin is off by its own few ms
// (more on a busy machine), and these times are compared across the children.
const origin = Date.now() - performance.now();
const clock = () => origin + performance.now();
function burn(spins) {
	let h = 1;
	for (let i = 0; i < spins; i++) h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + i) | 0;
	return h;
}
function answered() {
	const ids = new Set();
	for (const line of readFileSync(LOG, 'utf8').split('\\n').slice(0, -1)) {
		try {
			const entry = JSON.parse(line);
			if (entry.kind === 'answer') ids.add(entry.id);
		} catch {}
	}
	return HOLD.others.every((id) => ids.has(id));
}
function hold() {
	let size = -1;
	let still = clock();
	while (!answered()) {
		const now = readFileSync(LOG).length;
		if (now !== size) [size, still] = [now, clock()];
		else if (clock() - still > HOLD.holdMs) return;
		burn(2_000_000);
	}
}
process.on('message', (task) => {
	const id = task && Number.isInteger(task.id) ? task.id : null;
	appendFileSync(LOG, JSON.stringify({ kind: 'got', pid: process.pid, id }) + '\\n');
	const from = clock();
	const noise = burn(task.spins);
	if (id === HOLD.id) hold();
	const answer = { value: task.x * task.x + 1 + (noise & 0), pid: process.pid, from, to: clock() };
	appendFileSync(LOG, JSON.stringify({ kind: 'answer', id, ...answer }) + '\\n');
	process.send(answer);
});
`;

interface Answer {
	value: number;
	pid: number;
	from: number;
	to: number;
}
type LogLine = { kind: 'got'; pid: number; id: number | null } | ({ kind: 'answer'; id: number | null } & Answer);
type Outcome = { answer: Answer } | { error: string } | { pending: true };

/** Most ms without any answer before the run stops waiting, at factor 1 (a task is ~0.6 s at most). */
const STALL_MS = 3000;

const logOf = (run: RunResult) => (run.values.log ?? []) as LogLine[];
const outcomesOf = (run: RunResult) => (run.values.outcomes ?? []) as Outcome[];
const ipc = (run: RunResult) =>
	run.trace.events.filter((e): e is Extract<typeof e, { type: 'ipc-send' | 'ipc-message' }> => e.type === 'ipc-send' || e.type === 'ipc-message');

export default defineExercise({
	limits: { timeoutMs: 20_000 },
	async run(ctx) {
		const tasks = plan(ctx.seed);
		const logFile = path.join(tmpdir(), `conc-tutor-pool-${ctx.seed}-${Math.floor(ctx.random() * 1e9)}.log`);
		writeFileSync(logFile, '');
		const { ProcessPool } = await ctx.import('process-pool.ts');
		// Child start-up is what a busy machine slows most: the waits grow with the factor and the pace
		// measured now, and only end a stretch in which nothing at all happened.
		const stallMs = Math.round(STALL_MS * ctx.factor * Math.min(3, await ctx.pace()));
		const others = tasks.slice(0, firstCount(ctx.seed)).map((task) => task.id).filter((id) => id !== longAt(ctx.seed));
		writeFileSync(path.join(ctx.dir, 'task-child.js'), CHILD(logFile, { id: longAt(ctx.seed), others, holdMs: Math.round(stallMs / 3) }));
		const outcomes: Outcome[] = tasks.map(() => ({ pending: true }));
		let settled = 0;
		const file = pathToFileURL(path.join(ctx.dir, 'task-child.js'));
		const queue = (pool: { run(task: unknown): Promise<unknown> }, task: PlannedTask) =>
			void Promise.resolve()
				.then(() => pool.run({ ...task }))
				.then(
					(answer) => void (outcomes[task.id] = { answer: answer as Answer }),
					(error: unknown) => void (outcomes[task.id] = { error: String((error as Error)?.message ?? error) }),
				)
				.finally(() => settled++);
		const lines = () => readFileSync(logFile, 'utf8').length;
		/** Waits for `done()` as long as something happens (an answer, a log line); false after a still stretch. */
		const waitWhileMoving = async (done: () => boolean) => {
			let last = -1;
			while (!done()) {
				const now = settled + lines();
				if (now === last) return false;
				last = now;
				await ctx.waitFor(() => done() || settled + lines() !== now, stallMs);
			}
			return true;
		};
		/** close() at once, after `ids` were queued; waits until it and they have settled. */
		const closeAfter = async (pool: { close(): Promise<void> }, ids: number[], mark: string) => {
			const state = { close: 'never resolved', pendingAtClose: [] as number[] };
			let closed = false;
			void Promise.resolve()
				.then(() => pool.close())
				.then(
					() => {
						ctx.mark(mark);
						// A task rejected because its child was ended did not finish either.
						state.pendingAtClose = ids.filter((id) => !('answer' in outcomes[id]!));
						state.close = 'resolved';
					},
					(error: unknown) => void (state.close = `rejected: ${String((error as Error)?.message ?? error)}`),
				)
				.finally(() => (closed = true));
			await waitWhileMoving(() => closed && ids.every((id) => !('pending' in outcomes[id]!)));
			return state;
		};
		const first = tasks.slice(0, firstCount(ctx.seed));
		const second = tasks.slice(first.length);
		const pool = new ProcessPool(file, sizeOf(ctx.seed));
		// Task 0 alone, on a pool whose children are all free: it must be handed out at once.
		const [lone, ...burst] = first;
		queue(pool, lone!);
		ctx.report('lone', await waitWhileMoving(() => settled >= 1));
		ctx.mark('burst');
		for (const task of burst) queue(pool, task);
		// close() at once: with tasks queued and running, it must let them finish first.
		const closes = [await closeAfter(pool, first.map((task) => task.id), 'closed')];
		// A second pool: one task per child, then close() at once, with every task running and none queued.
		ctx.mark('second-pool');
		const again = new ProcessPool(file, sizeOf(ctx.seed));
		for (const task of second) queue(again, task);
		closes.push(await closeAfter(again, second.map((task) => task.id), 'closed-second'));
		const log = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
		ctx.report('outcomes', outcomes);
		ctx.report('log', log);
		ctx.report('close', closes);
		ctx.report('stallMs', stallMs);
	},
	checks: [
		checks.value('right-answers', 'every task resolves with its own answer', 'outcomes', (outcomes: Outcome[], run) => {
			for (const task of plan(run.seed)) {
				const got = outcomes[task.id]!;
				if ('pending' in got) return `task ${task.id} never settled (nothing happened for ${(((run.values.stallMs as number) ?? STALL_MS) / 1000).toFixed(1)} s)`;
				if ('error' in got) return `task ${task.id} rejected with "${got.error}"`;
				if (got.answer?.value !== task.x * task.x + 1) return `task ${task.id} resolved with ${JSON.stringify(got.answer)}; its child answered { value: ${task.x * task.x + 1}, ... }`;
			}
			return true;
		}, { timing: true }),
		checks.value('starts-at-once', 'a task queued while a child is free starts at once', 'lone', (started: boolean, run) =>
			started || `task 0, queued alone on a new pool with every child free, had not settled ${(((run.values.stallMs as number) ?? STALL_MS) / 1000).toFixed(1)} s later, and nothing happened meanwhile: hand a task to a free child as soon as it is queued`,
		{ hint: 0, timing: true }),
		checks.custom('answer-from-child', "each task resolves with its child's answer, once the child has sent it", (run) => {
			const answers = new Map<number, Answer>();
			for (const line of logOf(run)) if (line.kind === 'answer' && line.id !== null) answers.set(line.id, line);
			for (const [id, got] of outcomesOf(run).entries()) {
				if (!('answer' in got)) continue;
				const sent = answers.get(id);
				if (!sent) return `task ${id} resolved, but no child ever answered it: the answer must be the child's message`;
				if (got.answer.pid !== sent.pid || got.answer.from !== sent.from || got.answer.to !== sent.to) {
					return `task ${id} resolved with ${JSON.stringify(got.answer)}, but its child answered ${JSON.stringify({ value: sent.value, pid: sent.pid, from: sent.from, to: sent.to })}: resolve with the child's message itself`;
				}
			}
			return true;
		}),
		checks.custom('through-children', 'sends every task to a child once', (run) => {
			const count = plan(run.seed).length;
			const seen = new Array<number>(count).fill(0);
			for (const line of logOf(run)) if (line.kind === 'got' && line.id !== null && line.id >= 0 && line.id < count) seen[line.id]!++;
			const never = seen.indexOf(0);
			if (never >= 0) return `${seen.filter((n) => n === 0).length} of the ${count} tasks never reached a child (the first: task ${never}); every task is computed by a child of the pool, sent with child.send()`;
			const twice = seen.findIndex((n) => n > 1);
			return twice < 0 || `task ${twice} was sent to children ${seen[twice]} times; send each task once`;
		}),
		checks.custom('one-at-a-time', 'gives a child its next task only after it answered', (run) => {
			const waiting = new Map<number, boolean>();
			for (const e of ipc(run)) {
				if (e.type === 'ipc-send') {
					if (waiting.get(e.pid)) return `child ${e.pid} was sent a task while it had not answered its previous one: send a child its next task when it answers, not ahead of time`;
					waiting.set(e.pid, true);
				} else waiting.set(e.pid, false);
			}
			return true;
		}, { hint: 1 }),
		checks.custom('next-in-order', 'hands out the next queued task, first come, first served', (run) => {
			const received = new Map<number, number[]>();
			for (const line of logOf(run)) if (line.kind === 'got' && line.id !== null) received.set(line.pid, [...(received.get(line.pid) ?? []), line.id]);
			const position = new Map<number, number>();
			let previous = -1;
			for (const e of ipc(run)) {
				if (e.type !== 'ipc-send') continue;
				const k = position.get(e.pid) ?? 0;
				position.set(e.pid, k + 1);
				const id = received.get(e.pid)?.[k];
				if (id === undefined) continue;
				if (id < previous) return `task ${id} was handed out after task ${previous}: a free child takes the task that has waited longest (the tasks were queued in order 0, 1, 2, …)`;
				previous = id;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('no-idle-child', 'a child that answers gets the next queued task at once', (run) => {
			const count = firstCount(run.seed);
			// Tasks wait in the queue only once the burst has been queued (task 0 ran alone before it), and
			// only on the first pool (the second one never has more tasks than children).
			const burst = markAt(run, 'burst') ?? Infinity;
			const second = markAt(run, 'second-pool') ?? Infinity;
			let sent = 0;
			let owed: number | undefined; // a child that answered while tasks were still waiting
			for (const e of ipc(run).filter((e) => e.t < second)) {
				if (e.type === 'ipc-send') {
					if (owed !== undefined && e.pid !== owed) return `child ${owed} answered while tasks were waiting, but the next task went to child ${e.pid}`;
					owed = undefined;
					sent++;
				} else {
					if (owed !== undefined) return `child ${owed} answered while tasks were still waiting, and got nothing before child ${e.pid} answered too: when a child answers, hand it the next queued task at once`;
					if (sent < count && e.t >= burst) owed = e.pid;
				}
			}
			return true;
		}, { hint: 1 }),
		checks.custom('size-at-once', 'runs `size` tasks at the same time, never more', (run) => {
			const size = sizeOf(run.seed);
			const answers = logOf(run).filter((line) => line.kind === 'answer') as Answer[];
			const edges = answers.flatMap((a) => [[a.from, 1], [a.to, -1]] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
			let running = 0;
			let most = 0;
			for (const [, step] of edges) most = Math.max(most, (running += step));
			if (most > size) return `${most} tasks were running at the same moment; a pool of ${size} runs at most ${size}`;
			if (most < size) return `at most ${most} task${most === 1 ? ' was' : 's were'} running at once: with every task queued, all ${size} children should be working`;
			return true;
		}, { hint: 1 }),
		checks.custom('processes', 'starts `size` child processes, once, and reuses them', (run) => {
			const size = sizeOf(run.seed);
			const second = markAt(run, 'second-pool') ?? Infinity;
			const spawns = run.trace.events.filter((e) => e.type === 'child-spawn');
			const counts = [spawns.filter((e) => e.t < second).length, spawns.filter((e) => e.t >= second).length];
			const [which, started] = counts[0] !== size ? ['first', counts[0]!] : ['second', counts[1]!];
			return started === size || `the ${which} pool (size ${size}) started ${started} child process${started === 1 ? '' : 'es'}: start \`size\` children once and reuse them`;
		}, { hint: 0 }),
		checks.parallelism({ minOverlapMs: 200, hint: 1 }),
		checks.value('close-waits-for-tasks', 'close() lets every queued and running task finish first', 'close', (closes: Array<{ close: string; pendingAtClose: number[] }>) => {
			const when = ['with tasks queued and running', 'with every task running and none queued (the second pool)'];
			for (const [i, c] of closes.entries()) {
				if (c.close !== 'resolved') return `close() ${when[i]}: it ${c.close}`;
				if (c.pendingAtClose.length > 0) return `close() was called ${when[i]}, and resolved while tasks ${c.pendingAtClose.join(', ')} had no answer yet: let them finish, then end the children`;
			}
			return closes.length === 2 || 'close() of the first pool never settled';
		}, { hint: 2, timing: true }),
		checks.custom('exited-before-close', 'close() resolves once every child has exited', (run) => {
			const second = markAt(run, 'second-pool') ?? Infinity;
			for (const [label, from, to] of [['closed', -Infinity, second], ['closed-second', second, Infinity]] as const) {
				const closedAt = markAt(run, label);
				if (closedAt === undefined) return label === 'closed' ? 'close() never resolved' : "the second pool's close() never resolved";
				const spawned = run.trace.events.filter((e) => e.type === 'child-spawn' && e.t >= from && e.t < to).map((e) => (e as { pid: number }).pid);
				const late = spawned.filter((pid) => !run.trace.events.some((e) => e.type === 'child-exit' && e.pid === pid && e.t <= closedAt));
				if (late.length > 0) return `${late.length} of the ${spawned.length} children had not exited yet when close() resolved: wait for each one's 'exit' event`;
			}
			return true;
		}, { hint: 2 }),
		checks.noLeaks({ hint: 2 }),
	],
});
