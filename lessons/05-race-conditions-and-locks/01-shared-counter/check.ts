import { checks, defineExercise } from 'conc-tutor/kit';

const WORKERS = 2;
/** Additions per worker: about four and a half million, from the seed. Long enough that the workers overlap for tens of ms. */
const timesFor = (seed: number) => 4_500_000 + (seed % 1000);

export default defineExercise({
	limits: { timeoutMs: 8000 },
	// Three runs with different seeds: a lost update has three chances to show.
	stress: 3,
	async run(ctx) {
		const { countTogether } = await ctx.import('counter.ts');
		const times = timesFor(ctx.seed);
		ctx.mark(`countTogether(${WORKERS}, ${times})`);
		ctx.report('total', await countTogether(WORKERS, times));
	},
	checks: [
		checks.equal('total', 'no addition is lost: the counter ends at workers × times', 'total', (run) => WORKERS * timesFor(run.seed), {
			hint: 1,
		}),
		checks.workers({ exact: WORKERS }),
		checks.noLeaks(),
	],
});
