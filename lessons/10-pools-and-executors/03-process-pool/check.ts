import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise } from 'conc-tutor/kit';
import type { Answer } from './starter/task-child.ts';

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
		// Ending child processes is what a busy machine slows: the wait for close() grows with the factor and
		// the pace measured now.
		const closeMs = Math.round(3000 * ctx.factor * (await ctx.pace()));
		const pool = new ProcessPool(pathToFileURL(path.join(ctx.dir, 'task-child.js')), SIZE);
		const answers: unknown[] = await Promise.all(plan(ctx.seed).map((task) => pool.run(task)));
		ctx.report('answers', answers);
		let closed = `still waiting ${(closeMs / 1000).toFixed(1)} s later`;
		await Promise.race([
			Promise.resolve()
				.then(() => pool.close())
				.then(
					() => void (closed = 'resolved'),
					(error: unknown) => void (closed = `rejected: ${String((error as Error)?.message ?? error)}`),
				),
			ctx.sleep(closeMs),
		]);
		ctx.report('close', closed);
	},
	checks: [
		checks.value('right-answers', 'every task resolves with its own answer', 'answers', (answers: Answer[], run) => {
			const want = plan(run.seed).map(({ x }) => x * x + 1);
			if (!Array.isArray(answers) || answers.length !== want.length) return `expected ${want.length} answers, got ${JSON.stringify(answers)?.slice(0, 80)}`;
			const wrong = answers.findIndex((answer, i) => answer?.value !== want[i]);
			return wrong < 0 || `task ${wrong} resolved with ${JSON.stringify(answers[wrong])}; its child answered { value: ${want[wrong]}, ... }`;
		}),
		checks.value('size-at-once', `runs ${SIZE} tasks at the same time, in different processes`, 'answers', (answers: Answer[]) => {
			// From the tasks' own start and end times: the most tasks running at one moment.
			const edges = answers.flatMap((a) => [[a.from, 1], [a.to, -1]] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
			let running = 0;
			let most = 0;
			for (const [, step] of edges) most = Math.max(most, (running += step));
			const pids = new Set(answers.map((a) => a.pid)).size;
			if (most > SIZE) return `${most} tasks were running at the same moment; a pool of ${SIZE} runs at most ${SIZE}`;
			if (most < SIZE) return `the tasks ran one at a time (in ${pids} process${pids === 1 ? '' : 'es'}): with ${COUNT} tasks queued, both children should be working`;
			return true;
		}, { hint: 1 }),
		checks.processes({ atMost: SIZE }, { title: `runs all ${COUNT} tasks on at most ${SIZE} child processes`, hint: 0 }),
		checks.parallelism({ hint: 1 }),
		checks.equal('closes', 'close() resolves once everything has finished', 'close', 'resolved', { hint: 2, timing: true }),
		checks.noLeaks({ hint: 2 }),
	],
});
