import { checks, defineExercise } from 'conc-tutor/kit';
import { installPrimes, isPrimeNumber, primesBelow, seeded } from '../_primes.js';

/**
 * The two limits of a run, from its seed: one prime and one odd composite, each 2.6–3.4 million (about
 * 0.3–0.4 s of counting each on an idle core), in an order that also varies. A prime limit is where
 * counting `p <= limit` instead of `p < limit` shows.
 */
export function limitsFor(seed: number): number[] {
	const next = seeded(seed, 0x1ee7);
	let prime = 2_600_000 + next(800_000);
	while (!isPrimeNumber(prime)) prime++;
	let composite = (2_600_000 + next(800_000)) | 1;
	while (isPrimeNumber(composite)) composite += 2;
	return next(2) === 0 ? [prime, composite] : [composite, prime];
}

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const primes = installPrimes(ctx);
		const { countPrimesBelow } = await ctx.import('count.ts');
		const counts: unknown[] = [];
		const tested: number[] = [];
		for (const [i, limit] of limitsFor(ctx.seed).entries()) {
			const before = await primes.testedOnMain();
			ctx.mark(`countPrimesBelow(${limit})`);
			counts.push(await countPrimesBelow(limit));
			ctx.mark(`returned ${i + 1}`);
			tested.push((await primes.testedOnMain()) - before);
		}
		primes.close();
		ctx.report('counts', counts);
		ctx.report('tested', tested);
	},
	checks: [
		checks.custom(
			'count',
			'counts the primes p < limit, for a prime limit and for a composite one',
			(run) => {
				const limits = limitsFor(run.seed);
				const want = primesBelow(limits);
				const got = run.values.counts as unknown[] | undefined;
				for (const [i, limit] of limits.entries()) {
					const value = got?.[i];
					if (value === want[i]) continue;
					const kind = isPrimeNumber(limit) ? `${limit} is itself prime, and is not below itself` : `${limit} is not prime`;
					if (value === want[i]! + 1) return `countPrimesBelow(${limit}) resolved with ${value}, one too many: ${kind}; count p < limit`;
					return `countPrimesBelow(${limit}) resolved with ${JSON.stringify(value) ?? 'nothing'}; there are ${want[i]} primes below ${limit}`;
				}
				return { status: 'pass', message: `${limits.map((limit, i) => `${want[i]} primes below ${limit}`).join(', ')}` };
			},
			{ hint: 0 },
		),
		checks.custom(
			'uses-helpers',
			'the counting itself is done by isPrime/countPrimes of primes.ts, on the main thread',
			(run) => {
				const limits = limitsFor(run.seed);
				const tested = run.values.tested as number[] | undefined;
				for (const [i, limit] of limits.entries()) {
					const n = tested?.[i] ?? 0;
					// Every number below the limit, or at least every odd one (skipping even numbers is fair).
					if (n < limit / 2) {
						return `during countPrimesBelow(${limit}) the helpers of primes.ts tested only ${n} numbers on the main thread: count with countPrimes(from, to) (or isPrime) chunk by chunk; a faster method of your own would not need chunks, and is not this exercise`;
					}
				}
				return { status: 'pass', message: `numbers tested: ${tested?.join(', ')}` };
			},
			{ hint: 0 },
		),
		checks.eventLoopResponsive(150, { hint: 1 }),
		checks.workers({ exact: 0 }, { id: 'no-workers', title: 'does it on the main thread, with no workers', hint: 2 }),
		checks.processes({ exact: 0 }, { id: 'no-child-processes', title: 'starts no child processes either' }),
	],
});
