import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise } from 'conc-tutor/kit';

const SIZE = 3;
const COUNT = 12;
const FAILS = 3;

interface PlannedTask {
	x: number;
	ms: number;
	fail: boolean;
}

type Outcome = { value: unknown } | { error: string } | { pending: true };

/** The 12 tasks for a seed, the same in the sandbox and in the grader. Three fail, all among the first six. */
function plan(seed: number): PlannedTask[] {
	let state = (seed * 2654435761) >>> 0 || 1;
	const next = () => {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		return state / 4294967296;
	};
	const failing = new Set<number>();
	while (failing.size < FAILS) failing.add(Math.floor(next() * 6));
	return Array.from({ length: COUNT }, (_, i) => ({
		x: 1 + Math.floor(next() * 999),
		ms: 120 + Math.floor(next() * 100),
		fail: failing.has(i),
	}));
}

/** How long the grader waits for all 12 tasks, and then for close(), on an idle machine; scaled by the run. */
const SETTLE_MS = 4000;
const CLOSE_MS = 2000;

const describe = (i: number, task: PlannedTask) => `task ${i} (x = ${task.x}${task.fail ? ', a failing one' : ''})`;

export default defineExercise({
	// Room for the scaled waits below (at most 2.5 × (4 + 2) s) when a wrong pool never settles.
	limits: { timeoutMs: 20_000 },
	async run(ctx) {
		const { WorkerPool } = await ctx.import('pool.ts');
		const tasks = plan(ctx.seed);
		// Worker start-ups (three, then three replacements) are what a busy machine slows most: the waits
		// below grow with the machine's factor and the pace measured now.
		const scale = ctx.factor * Math.min(2.5, await ctx.pace());
		const settleMs = Math.round(SETTLE_MS * scale);
		const closeMs = Math.round(CLOSE_MS * scale);
		ctx.report('waits', { settleMs, closeMs });
		const gauge = new SharedArrayBuffer(12);
		const pool = new WorkerPool(pathToFileURL(path.join(ctx.dir, 'task-worker.js')), SIZE);
		const outcomes: Outcome[] = tasks.map(() => ({ pending: true }));
		const settled = tasks.map((task, i) =>
			pool.run({ ...task, gauge }).then(
				(value: unknown) => void (outcomes[i] = { value }),
				(error: unknown) => void (outcomes[i] = { error: String((error as Error)?.message ?? error) }),
			),
		);
		// A pool that lost its workers never settles some tasks: stop waiting after a while and say which.
		await Promise.race([Promise.all(settled), ctx.sleep(settleMs)]);
		ctx.report('outcomes', outcomes);
		ctx.report('peak', Atomics.load(new Int32Array(gauge), 1));
		let closed = `still waiting ${(closeMs / 1000).toFixed(1)} s later`;
		await Promise.race([
			Promise.resolve()
				.then(() => pool.close())
				.then(
					() => void (closed = 'resolved'),
					(error: unknown) => void (closed = `rejected: ${String((error as Error)?.message ?? error)}`),
				),
			ctx.sleep(closeMs),
		]);
		ctx.report('close', closed);
	},
	checks: [
		checks.value('right-answers', 'every task that does not fail resolves with its own answer', 'outcomes', (outcomes: Outcome[], run) => {
			const tasks = plan(run.seed);
			for (const [i, task] of tasks.entries()) {
				if (task.fail) continue;
				const got = outcomes[i]!;
				if ('pending' in got) {
					const waited = ((run.values.waits as { settleMs?: number } | undefined)?.settleMs ?? SETTLE_MS) / 1000;
					return `${describe(i, task)} never settled: its promise was still pending ${waited.toFixed(1)} s after it was queued`;
				}
				if ('error' in got) return `${describe(i, task)} rejected with "${got.error}", but it should have resolved`;
				if (got.value !== task.x * task.x + 1) return `${describe(i, task)} resolved with ${JSON.stringify(got.value)}; its worker answered ${task.x * task.x + 1}`;
			}
			return true;
		}, { hint: 0, timing: true }),
		checks.value('failures-isolated', 'a failing task rejects only its own promise, and the pool keeps going', 'outcomes', (outcomes: Outcome[], run) => {
			const tasks = plan(run.seed);
			const failing = tasks.map((task, i) => (task.fail ? i : -1)).filter((i) => i >= 0);
			for (const i of failing) {
				const got = outcomes[i]!;
				if (!('error' in got)) return `${describe(i, tasks[i]!)} threw in its worker, so its promise should reject; it ${'pending' in got ? 'never settled' : 'resolved'}`;
			}
			const stuck = outcomes.map((got, i) => ('pending' in got ? i : -1)).filter((i) => i >= 0);
			if (stuck.length > 0) {
				return `after the failing tasks (${failing.join(', ')}), tasks ${stuck.join(', ')} never ran to the end: when a task kills its worker, the pool must start a new worker in its place`;
			}
			const wronglyRejected = outcomes.map((got, i) => ('error' in got && !tasks[i]!.fail ? i : -1)).filter((i) => i >= 0);
			if (wronglyRejected.length > 0) return `tasks ${wronglyRejected.join(', ')} did not fail, yet they were rejected: one failure must not reject other tasks`;
			return true;
		}, { hint: 2, timing: true }),
		checks.value('size-at-once', `runs up to ${SIZE} tasks at the same time, never more`, 'peak', (peak: number) => {
			if (peak > SIZE) return `${peak} tasks were running at the same moment (seen by the tasks themselves); a pool of ${SIZE} must never run more than ${SIZE}`;
			if (peak < SIZE) return `at most ${peak} task${peak === 1 ? ' was' : 's were'} ever running at once, with 12 queued: a pool of ${SIZE} should keep all ${SIZE} workers busy`;
			return true;
		}, { hint: 1 }),
		checks.workers(
			{ exact: SIZE + FAILS },
			{ id: 'reuses-workers', title: `starts ${SIZE} workers, plus one new worker for each of the ${FAILS} that died`, hint: 1 },
		),
		checks.equal('closes', 'close() resolves once everything has finished', 'close', 'resolved', { hint: 3, timing: true }),
		checks.noLeaks({ hint: 3 }),
	],
});
