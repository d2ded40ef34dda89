import { checks, defineExercise } from 'conc-tutor/kit';

/** The limit for one run: 5.0–6.0 million, from the seed (about 0.7–0.9 s of counting). */
const limitFor = (seed: number) => 5_000_000 + (seed % 1000) * 1000;

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
		const { countPrimesInWorker } = await ctx.import('offload.ts');
		const limit = limitFor(ctx.seed);
		ctx.mark(`countPrimesInWorker(${limit})`);
		ctx.report('count', await countPrimesInWorker(limit));
		ctx.mark('done');
	},
	checks: [
		checks.equal('count', 'counts the primes below the limit', 'count', (run) => primesBelow(limitFor(run.seed)), { hint: 1 }),
		checks.eventLoopResponsive(150, { hint: 0 }),
		checks.custom(
			'work-in-worker',
			'the counting runs on a worker thread, not the main thread',
			(run) => {
				const main = run.trace.lanes.find((lane) => lane.name === 'main');
				const workers = run.trace.lanes.filter((lane) => lane.name.startsWith('worker '));
				const busiest = workers.reduce<(typeof workers)[number] | undefined>((a, b) => (a && a.cpuMs >= b.cpuMs ? a : b), undefined);
				const mainCpu = Math.round(main?.cpuMs ?? 0);
				if (!busiest) return `no worker thread ran (the main thread used ${mainCpu} ms of CPU); start one from a file with new Worker(new URL('./count-worker.js', import.meta.url))`;
				const cpu = Math.round(busiest.cpuMs);
				if (cpu < 200) return `the busiest worker used only ${cpu} ms of CPU, while the main thread used ${mainCpu} ms: the counting did not happen in the worker`;
				if (mainCpu >= cpu) return `the main thread used ${mainCpu} ms of CPU, the worker only ${cpu} ms: most of the counting still ran on the main thread`;
				return { status: 'pass', message: `${busiest.name} used ${cpu} ms of CPU, the main thread ${mainCpu} ms` };
			},
			{ hint: 0 },
		),
		checks.workers({ exact: 1 }, { hint: 1 }),
		checks.noLeaks({ hint: 2 }),
	],
});
