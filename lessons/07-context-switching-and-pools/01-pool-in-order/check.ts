import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';
import { exitedBeforeReturn, hash, inInputOrder, installWorker, kept, oneAtATime, throughWorkers, type PoolLogEntry, type PoolPlan } from '../_pool-trace.js';

/** The run's shape for a seed: 2 to 5 workers, 120 to 200 tasks. */
const sizeOf = (seed: number) => 2 + (hash(seed, 0, 0x51ed27) % 4);
const countOf = (seed: number) => 120 + (hash(seed, 1, 0x51ed27) % 81);

/** The task inputs for a seed: numbers in 1..999 999, the same in the sandbox and the grader. */
function inputs(seed: number): number[] {
	return Array.from({ length: countOf(seed) }, (_, i) => 1 + (hash(seed, i, 0x9e3779b9) % 999_999));
}

/** Naps of 0–3 ms by task, and one long task early on that waits for the other workers' progress. */
function plan(seed: number, factor: number): PoolPlan {
	const size = sizeOf(seed);
	return {
		naps: inputs(seed).map((_, i) => hash(seed, i, 0x2545f491) % 4),
		longIndex: size + (hash(seed, 2, 0x51ed27) % 6),
		longNeeds: 2 * (size - 1),
		total: countOf(seed),
		gateMs: 1500 * factor,
	};
}

function collatzSteps(n: number): number {
	let steps = 0;
	while (n !== 1) {
		n = n % 2 === 0 ? n / 2 : 3 * n + 1;
		steps++;
	}
	return steps;
}

const expected = (seed: number) => inputs(seed).map(collatzSteps);
const log = (run: RunResult) => (run.values.log ?? []) as PoolLogEntry[];

export default defineExercise({
	// The one-worker-per-task mistake must be able to finish (and be caught by the worker count),
	// so it may start 200 workers and take several seconds; a pool takes well under one.
	limits: { timeoutMs: 20_000, maxWorkers: 250 },
	async run(ctx) {
		const p = plan(ctx.seed, ctx.factor);
		const worker = installWorker(
			ctx,
			'task-worker.js',
			`let n = task.n, steps = 0; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; } return { index: task.index, steps };`,
			p,
		);
		const { runAll } = await ctx.import('run-all.ts');
		const results = await runAll(inputs(ctx.seed), sizeOf(ctx.seed));
		ctx.mark('returned');
		ctx.report('results', results);
		ctx.report('log', await worker.finish(countOf(ctx.seed)));
	},
	checks: [
		checks.value('every-task-once', 'answers every task exactly once', 'results', (got: unknown, run) => {
			if (!Array.isArray(got)) return `runAll returned ${typeof got}, not an array`;
			const want = expected(run.seed);
			if (got.length !== want.length) return `got ${got.length} results for ${want.length} tasks`;
			const sorted = (list: unknown[]) => [...list].map(Number).sort((a, b) => a - b).join(',');
			return sorted(got) === sorted(want) || 'some answers are missing, wrong or doubled (compared ignoring order)';
		}),
		checks.equal('input-order', 'puts each answer where its input was', 'results', (run) => expected(run.seed), { hint: 1 }),
		checks.custom('workers', 'runs all tasks on the same `size` workers', (run) => {
			const { started } = run.trace.workers;
			const size = sizeOf(run.seed);
			return started === size || `started ${started} worker${started === 1 ? '' : 's'} for size ${size}; start exactly \`size\` workers, once, and reuse them`;
		}, { hint: 0 }),
		checks.custom('through-workers', 'sends every task to a worker once, as a message', (run) => throughWorkers(log(run), countOf(run.seed))),
		checks.custom('one-at-a-time', 'gives a worker its next task only after it answered', (run) => oneAtATime(log(run)), { hint: 2 }),
		checks.custom('next-in-order', 'hands out the next task nobody has taken, in input order', (run) => inInputOrder(run, log(run)), { hint: 2 }),
		checks.custom('no-idle-worker', 'keeps the other workers busy while one has a long task', (run) => kept(log(run), plan(run.seed, 1)), { hint: 2 }),
		checks.custom('exited-before-return', 'every worker has exited before runAll resolves', (run) => exitedBeforeReturn(run, 'returned'), { hint: 2 }),
		checks.noLeaks({ hint: 2 }),
	],
});
