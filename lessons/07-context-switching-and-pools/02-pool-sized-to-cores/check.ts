import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const TASKS = 24;
const P = 1_000_003n;

/** 24 back-to-back ranges of 1.3–1.65 million numbers each (every i*i stays far below 2^53). */
function ranges(seed: number): Array<[number, number]> {
	const list: Array<[number, number]> = [];
	let from = 0;
	for (let i = 0; i < TASKS; i++) {
		let h = Math.imul(seed ^ 0x27d4eb2f, 0x165667b1) ^ Math.imul(i + 7, 0x9e3779b1);
		h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
		h ^= h >>> 13;
		const length = 1_300_000 + ((h >>> 0) % 350_001);
		list.push([from, from + length]);
		from += length;
	}
	return list;
}

/** Sum of i*i for 0 <= i < n, exactly, by the closed form. */
const squaresBelow = (n: number) => {
	const b = BigInt(n);
	return b === 0n ? 0n : ((b - 1n) * b * (2n * b - 1n)) / 6n;
};
const expected = (seed: number) => ranges(seed).map(([from, to]) => Number((squaresBelow(to) - squaresBelow(from)) % P));

/** How many answers each worker posted back to the main thread, seen from outside (threadId → count). */
function answersPerWorker(run: RunResult): Map<number, number> {
	const counts = new Map<number, number>();
	for (const event of run.trace.events) if (event.type === 'worker-created') counts.set(event.threadId, 0);
	for (const event of run.trace.events) {
		if (event.type === 'message' && event.to === 0 && counts.has(event.from)) counts.set(event.from, counts.get(event.from)! + 1);
	}
	return counts;
}

/**
 * Share of the run (first range sent → last answer) during which at least `need` different workers
 * each had a range out at once: sends and answers as the grader saw them, ordered by time. Not a CPU
 * measurement, so a busy machine does not change it.
 */
function busyTogether(run: RunResult, need: number): number {
	const workers = new Set(run.trace.events.filter((e) => e.type === 'worker-created').map((e) => (e as { threadId: number }).threadId));
	const steps: Array<[t: number, worker: number, change: number]> = [];
	for (const e of run.trace.events) {
		if (e.type !== 'message') continue;
		if (e.from === 0 && workers.has(e.to)) steps.push([e.t, e.to, +1]);
		else if (e.to === 0 && workers.has(e.from)) steps.push([e.t, e.from, -1]);
	}
	steps.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
	if (steps.length < 2) return 0;
	const out = new Map<number, number>();
	let together = 0;
	for (let i = 0; i < steps.length - 1; i++) {
		const [t, worker, change] = steps[i]!;
		out.set(worker, (out.get(worker) ?? 0) + change);
		const busy = [...out.values()].filter((n) => n > 0).length;
		if (busy >= need) together += steps[i + 1]![0] - t;
	}
	return together / Math.max(1e-9, steps.at(-1)![0] - steps[0]![0]);
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { sumAll } = await ctx.import('sum-squares.ts');
		ctx.report('sums', await sumAll(ranges(ctx.seed)));
	},
	checks: [
		checks.equal('sums', 'every sum is right, in input order', 'sums', (run) => expected(run.seed)),
		checks.custom(
			'sized-to-cores',
			'starts one worker per core: os.availableParallelism() of them',
			(run) => {
				const { started } = run.trace.workers;
				const cores = run.trace.cores;
				if (started === cores) return true;
				if (started > cores) {
					return `started ${started} workers on a machine where os.availableParallelism() is ${cores}: for CPU-bound work the extra ${started - cores} cannot run any sooner, they only add start-ups and context switches`;
				}
				return `started ${started} worker${started === 1 ? '' : 's'}, but os.availableParallelism() is ${cores}: ${cores - started} core${cores - started === 1 ? '' : 's'} left without work`;
			},
			{ hint: 0 },
		),
		checks.custom(
			'reuse',
			'every worker answered several tasks (reused, and none left idle)',
			(run) => {
				const counts = answersPerWorker(run);
				if (counts.size === 0) return 'no worker was started';
				const least = Math.max(2, Math.floor(TASKS / (4 * counts.size)));
				const shares = [...counts.values()];
				const idle = shares.filter((n) => n < least).length;
				if (idle > 0) {
					return `answers per worker: ${shares.join(', ')}; ${idle} worker${idle === 1 ? '' : 's'} answered fewer than ${least} of the ${TASKS} tasks — give each free worker the next task`;
				}
				return { status: 'pass', message: `answers per worker: ${shares.join(', ')}` };
			},
			{ hint: 1 },
		),
		checks.custom(
			'all-busy-at-once',
			'keeps every worker busy at the same time',
			(run) => {
				const workers = run.trace.workers.started;
				const need = Math.min(2, workers);
				if (need === 0) return 'no worker was started';
				const share = busyTogether(run, need);
				const percent = Math.round(share * 100);
				return share >= 0.5
					? { status: 'pass', message: `${need} or more workers each had a range at once for ${percent}% of the run` }
					: `${need} workers each had a range at the same time for only ${percent}% of the run: give every worker a range without waiting for the others' answers`;
			},
			{ hint: 1 },
		),
		checks.noLeaks(),
	],
});
