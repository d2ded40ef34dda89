import { checks, defineExercise } from 'conc-tutor/kit';

const WORKERS = 4;

/** For each of 4 workers, 5–40 values between 1 and 100: uneven on purpose, so totals tell workers apart. */
function plan(seed: number): number[][] {
	let state = (seed ^ 0x5bd1e995) >>> 0;
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 4294967296;
	};
	return Array.from({ length: WORKERS }, () => Array.from({ length: 5 + Math.floor(next() * 36) }, () => 1 + Math.floor(next() * 100)));
}

interface Totals {
	count: number;
	sum: number;
}
const totals = (values: number[]): Totals => ({ count: values.length, sum: values.reduce((a, b) => a + b, 0) });

export default defineExercise({
	limits: { timeoutMs: 6000 },
	async run(ctx) {
		const { runTally } = await ctx.import('tally.ts');
		const tally = await runTally(plan(ctx.seed));
		ctx.report('perWorker', tally.perWorker);
		ctx.report('all', tally.all);
		ctx.report('main', tally.main);
	},
	checks: [
		checks.equal('per-worker', "each worker's mine() counts only the tasks sent to that worker", 'perWorker', (run) => plan(run.seed).map(totals), {
			hint: 0,
		}),
		checks.equal('all-workers', "everyone() on the main thread counts every worker's tasks", 'all', (run) => totals(plan(run.seed).flat()), { hint: 1 }),
		checks.equal('main-untouched', "the main thread's mine() stays empty: nothing leaked into it", 'main', { count: 0, sum: 0 }, { hint: 0 }),
		checks.workers({ exact: WORKERS }),
		checks.noLeaks(),
	],
});
