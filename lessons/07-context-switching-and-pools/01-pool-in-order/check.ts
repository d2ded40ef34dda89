import { checks, defineExercise } from 'conc-tutor/kit';

const COUNT = 200;
const SIZE = 4;

/** The 200 task inputs for a seed: numbers in 1..999 999, the same in the sandbox and the grader. */
function inputs(seed: number): number[] {
	return Array.from({ length: COUNT }, (_, i) => {
		let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
		h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
		h ^= h >>> 13;
		return 1 + ((h >>> 0) % 999_999);
	});
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

export default defineExercise({
	// The one-worker-per-task mistake must be able to finish (and be caught by the worker count),
	// so it may start 200 workers and take several seconds; a pool takes well under one.
	limits: { timeoutMs: 20_000, maxWorkers: 250 },
	async run(ctx) {
		const { runAll } = await ctx.import('run-all.ts');
		ctx.report('results', await runAll(inputs(ctx.seed), SIZE));
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
		checks.workers({ exact: SIZE }, { title: `runs all ${COUNT} tasks on the same ${SIZE} workers`, hint: 0 }),
		checks.noLeaks({ hint: 2 }),
	],
});
