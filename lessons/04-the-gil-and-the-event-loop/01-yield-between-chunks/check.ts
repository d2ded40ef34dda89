import { checks, defineExercise } from 'conc-tutor/kit';

/** The limit for one run: 5.5–6.5 million, from the seed (about 0.8–1 s of counting). */
const limitFor = (seed: number) => 5_500_000 + (seed % 1000) * 1000;

/** The grader's own count, by a sieve (fast, and a different method from the learner's). */
function primesBelow(limit: number): number {
	const composite = new Uint8Array(limit);
	let count = 0;
	for (let n = 2; n < limit; n++) {
		if (composite[n]) continue;
		count++;
		for (let m = n * n; m < limit; m += n) composite[m] = 1;
	}
	return count;
}

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const { countPrimesBelow } = await ctx.import('count.ts');
		const limit = limitFor(ctx.seed);
		ctx.mark(`countPrimesBelow(${limit})`);
		ctx.report('count', await countPrimesBelow(limit));
		ctx.mark('done');
	},
	checks: [
		checks.equal('count', 'counts the primes below the limit', 'count', (run) => primesBelow(limitFor(run.seed)), { hint: 0 }),
		checks.eventLoopResponsive(150, { hint: 1 }),
		checks.workers({ exact: 0 }, { id: 'no-workers', title: 'does it on the main thread, with no workers', hint: 2 }),
		checks.processes({ exact: 0 }, { id: 'no-child-processes', title: 'starts no child processes either' }),
	],
});
