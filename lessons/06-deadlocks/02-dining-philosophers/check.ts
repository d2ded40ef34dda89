import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise } from 'conc-tutor/kit';
import { HELPERS } from '../_dining-helpers.js';

const SEATS = 5;
/** Meals per philosopher, from the seed: 10–14. */
const mealsFor = (seed: number) => 10 + (seed % 5);
/** How long each seat's meal lasts, ms, from the seed: 1–3, so the philosophers' rhythms differ. */
const eatMsFor = (seed: number, seat: number) => 1 + ((seed >>> (2 * seat + 3)) % 3);
/** Most a philosopher holding its first fork waits for the others to reach for theirs, ms before the factor. */
const MEET_MS = 1000;

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		// The grader's own table and philosopher (the same code as the starter's), over the learner's.
		for (const [file, code] of Object.entries(HELPERS)) writeFileSync(path.join(ctx.dir, file), code);
		// A lab Mutex is a name and 4 bytes of shared memory (see lab/mutex.ts, MutexHandle).
		const forks = Array.from({ length: SEATS }, (_, i) => ({ name: `fork ${i}`, buffer: new SharedArrayBuffer(4) }));
		const holders = new SharedArrayBuffer(4 * SEATS);
		const meals = new SharedArrayBuffer(4 * SEATS);
		const gate = new SharedArrayBuffer(4);
		const doing = new SharedArrayBuffer(4 * SEATS);
		const meetMs = MEET_MS * ctx.factor;
		const mealsEach = mealsFor(ctx.seed);
		const diners = Array.from({ length: SEATS }, (_, seat) => {
			const worker = new Worker(path.join(ctx.dir, 'philosopher-worker.js'), {
				workerData: { seat, forks, holders, meals, gate, mealsEach, doing, meetMs, eatMs: eatMsFor(ctx.seed, seat) },
			});
			return new Promise<{ withoutForks: number; keptForks: number }>((resolve, reject) => {
				worker.once('message', resolve);
				worker.once('error', reject);
			});
		});
		const reports = await Promise.all(diners);
		ctx.report('meals', Array.from(new Int32Array(meals)));
		ctx.report('withoutForks', reports.map((r) => r.withoutForks));
		ctx.report('keptForks', reports.map((r) => r.keptForks));
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
		checks.value(
			'puts-forks-down',
			'a philosopher puts both forks down after every meal',
			'keptForks',
			(counts: number[]) => {
				const seat = counts.findIndex((n) => n > 0);
				return seat < 0 || `the philosopher at seat ${seat} started ${counts[seat]} meal(s) without having put both forks down after the one before`;
			},
			{ hint: 1 },
		),
		checks.noLeaks(),
	],
});
