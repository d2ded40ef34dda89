import { availableParallelism } from 'node:os';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const TASKS = 24;
const P = 1_000_003n;

/** 24 back-to-back ranges of 2.6–3.3 million numbers each (the largest i*i stays below 2^53). */
function ranges(seed: number): Array<[number, number]> {
	const list: Array<[number, number]> = [];
	let from = 0;
	for (let i = 0; i < TASKS; i++) {
		let h = Math.imul(seed ^ 0x27d4eb2f, 0x165667b1) ^ Math.imul(i + 7, 0x9e3779b1);
		h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
		h ^= h >>> 13;
		const length = 2_600_000 + ((h >>> 0) % 700_001);
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
		checks.parallelism({ lanes: Math.min(2, availableParallelism()), hint: 1 }),
		checks.noLeaks(),
	],
});
