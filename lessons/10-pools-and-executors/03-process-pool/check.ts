import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise } from 'conc-tutor/kit';

const SIZE = 2;
const COUNT = 10;

/** The 10 tasks for a seed: each keeps a core busy ~90-120 ms. */
function plan(seed: number): Array<{ x: number; spins: number }> {
	let state = (seed * 3266489917) >>> 0 || 1;
	const next = () => {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		return state / 4294967296;
	};
	return Array.from({ length: COUNT }, () => ({ x: 1 + Math.floor(next() * 999), spins: 45_000_000 + Math.floor(next() * 10_000_000) }));
}

export default defineExercise({
	limits: { timeoutMs: 12_000 },
	async run(ctx) {
		const { ProcessPool } = await ctx.import('process-pool.ts');
		const pool = new ProcessPool(pathToFileURL(path.join(ctx.dir, 'task-child.js')), SIZE);
		const answers: unknown[] = await Promise.all(plan(ctx.seed).map((task) => pool.run(task)));
		ctx.report('answers', answers);
		let closed = 'still waiting 3 s later';
		await Promise.race([
			Promise.resolve()
				.then(() => pool.close())
				.then(
					() => void (closed = 'resolved'),
					(error: unknown) => void (closed = `rejected: ${String((error as Error)?.message ?? error)}`),
				),
			ctx.sleep(3000),
		]);
		ctx.report('close', closed);
	},
	checks: [
		checks.equal('right-answers', 'every task resolves with its own answer', 'answers', (run) => plan(run.seed).map(({ x }) => x * x + 1)),
		checks.processes({ atMost: SIZE }, { title: `runs all ${COUNT} tasks on at most ${SIZE} child processes`, hint: 0 }),
		// Both children spend ~100 ms starting up at the same time; demand more overlap than start-up alone gives.
		checks.parallelism({ minOverlapMs: 400, hint: 1 }),
		checks.equal('closes', 'close() resolves once everything has finished', 'close', 'resolved', { hint: 2 }),
		checks.noLeaks({ hint: 2 }),
	],
});
