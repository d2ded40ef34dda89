import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise } from 'conc-tutor/kit';

const SEATS = 5;
/** Meals per philosopher, from the seed: 10–14. */
const mealsFor = (seed: number) => 10 + (seed % 5);

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		// A lab Mutex is a name and 4 bytes of shared memory (see lab/mutex.ts, MutexHandle).
		const forks = Array.from({ length: SEATS }, (_, i) => ({ name: `fork ${i}`, buffer: new SharedArrayBuffer(4) }));
		const holders = new SharedArrayBuffer(4 * SEATS);
		const meals = new SharedArrayBuffer(4 * SEATS);
		const gate = new SharedArrayBuffer(4);
		const mealsEach = mealsFor(ctx.seed);
		const diners = Array.from({ length: SEATS }, (_, seat) => {
			const worker = new Worker(path.join(ctx.dir, 'philosopher-worker.js'), {
				workerData: { seat, forks, holders, meals, gate, mealsEach },
			});
			return new Promise<{ withoutForks: number }>((resolve, reject) => {
				worker.once('message', resolve);
				worker.once('error', reject);
			});
		});
		const reports = await Promise.all(diners);
		ctx.report('meals', Array.from(new Int32Array(meals)));
		ctx.report('withoutForks', reports.map((r) => r.withoutForks));
	},
	checks: [
		checks.noDeadlock({ hint: 0 }),
		checks.equal('everyone-eats', 'every philosopher eats every meal', 'meals', (run) => Array(SEATS).fill(mealsFor(run.seed)), { hint: 1 }),
		checks.value(
			'eats-with-both-forks',
			'a philosopher eats only while holding both forks',
			'withoutForks',
			(counts: number[]) => {
				const seat = counts.findIndex((n) => n > 0);
				return seat < 0 || `the philosopher at seat ${seat} ate ${counts[seat]} time(s) without holding both forks`;
			},
			{ hint: 2 },
		),
		checks.noLeaks(),
	],
});
