import { checks, defineExercise } from 'conc-tutor/kit';

const limitFor = (seed: number) => 200_000 + (seed % 100_000);

function countPrimes(limit: number): number {
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
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		const { countPrimesInWorker } = await ctx.import('primes.ts');
		const answer = await countPrimesInWorker(limitFor(ctx.seed));
		ctx.report('count', answer?.count);
		ctx.report('threadId', answer?.threadId);
	},
	checks: [
		checks.equal('count', 'returns the worker\'s answer', 'count', (run) => countPrimes(limitFor(run.seed))),
		checks.workers({ exact: 1 }, { hint: 0 }),
		checks.value('thread-id', 'returns the threadId of the worker it started', 'threadId', (id: unknown, run) => {
			const created = run.trace.events.flatMap((e) => (e.type === 'worker-created' ? [e.threadId] : []));
			if (created.length === 0) return `you returned threadId ${JSON.stringify(id)}, but no worker was started`;
			if (created.includes(id as number)) return true;
			if (id === -1) return 'you returned -1: that is what worker.threadId reads after the worker has exited; read it right after new Worker(...)';
			if (id === 0) return 'you returned 0, the main thread\'s threadId, not the worker\'s';
			return `you returned ${JSON.stringify(id)}, but the worker that ran had threadId ${created.join(', ')}`;
		}, { hint: 1 }),
		checks.noLeaks(),
	],
});
