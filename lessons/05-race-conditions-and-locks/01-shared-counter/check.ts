import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checks, defineExercise, fairness, inconclusive } from 'conc-tutor/kit';

/**
 * The grader drives add.ts itself, the way count-worker.ts does: 2 to 4 workers of its own (by seed),
 * each calling addMany once with its own seeded count, released together by a start gate. A watcher
 * thread of the grader's, which never imports the learner's code, reads the counter over and over
 * while they add. Nothing the learner's code sees tells it how many workers there are or what the
 * others add, so the total cannot be worked out and stored; and an addition made once at the end
 * (a local sum, a stored value) shows in the watcher's readings as a jump.
 */
const workersOf = (seed: number) => 2 + (mix(seed, 1) % 3);
/** Additions by worker w: 400,000 to 700,000, long enough that the workers overlap for tens of ms. */
const timesOf = (seed: number, w: number) => 400_000 + (mix(seed, 10 + w) % 300_001);
const allTimes = (seed: number) => Array.from({ length: workersOf(seed) }, (_, w) => timesOf(seed, w));
const expectedTotal = (seed: number) => allTimes(seed).reduce((a, b) => a + b, 0);
/**
 * Readings strictly between 0 and the total that no batch of whole addMany calls could produce: enough
 * to pass on their own; fewer pass only when no reading was such a batch.
 */
const MIN_PARTIAL_READINGS = 3;

function mix(seed: number, i: number): number {
	let h = Math.imul(seed ^ 0x5bd1e995, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

/** Every sum of a subset of `parts`: the only values a counter can show if each addMany adds all at once. */
function subsetSums(parts: number[]): Set<number> {
	let sums = new Set([0]);
	for (const p of parts) sums = new Set([...sums, ...[...sums].map((s) => s + p)]);
	return sums;
}

const DRIVER = `// The grader's worker: a start gate, then the learner's addMany, as count-worker.ts does.
import { parentPort, workerData } from 'node:worker_threads';
import { addMany } from './add.js';
const { counter, gate, done, parties, times, spinMs } = workerData;
const arrived = new Int32Array(gate);
Atomics.add(arrived, 0, 1);
const until = Date.now() + spinMs;
while (Atomics.load(arrived, 0) < parties && Date.now() < until);
try {
	addMany(new Int32Array(counter), times);
} finally {
	Atomics.add(new Int32Array(done), 0, 1);
}
parentPort.postMessage('done');
`;

const WATCHER = `// The grader's watcher: reads the counter while the workers add, keeps the distinct readings.
import { parentPort, workerData } from 'node:worker_threads';
const { counter, gate, done, workers } = workerData;
const view = new Int32Array(counter);
const finished = new Int32Array(done);
Atomics.add(new Int32Array(gate), 0, 1);
const readings = [];
let last = 0;
while (Atomics.load(finished, 0) < workers) {
	const now = Atomics.load(view, 0);
	if (now !== last && readings.length < 5000) readings.push(now);
	last = now;
}
parentPort.postMessage(readings);
`;

export default defineExercise({
	limits: { timeoutMs: 8000 },
	// Three runs with different seeds: a lost update has three chances to show.
	stress: 3,
	async run(ctx) {
		writeFileSync(path.join(ctx.dir, 'grader-count-worker.js'), DRIVER);
		writeFileSync(path.join(ctx.dir, 'grader-watcher.js'), WATCHER);
		const count = workersOf(ctx.seed);
		const counter = new SharedArrayBuffer(4);
		const gate = new SharedArrayBuffer(4);
		const done = new SharedArrayBuffer(4);
		const errors: string[] = [];
		const spinMs = 1000 * ctx.factor;
		const start = (file: string, workerData: unknown) => {
			const worker = new Worker(pathToFileURL(path.join(ctx.dir, file)), { workerData });
			worker.on('error', (error) => errors.push(String(error)));
			const message = new Promise<unknown>((resolve) => worker.once('message', resolve));
			const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
			return { worker, message, exited };
		};
		ctx.mark(`${count} workers add ${allTimes(ctx.seed).join(', ')}`);
		const watcher = start('grader-watcher.js', { counter, gate, done, workers: count });
		const adders = allTimes(ctx.seed).map((times) =>
			start('grader-count-worker.js', { counter, gate, done, parties: count + 1, times, spinMs }),
		);
		const all = [watcher, ...adders];
		try {
			const exited = await ctx.waitFor(() => errors.length > 0 || Atomics.load(new Int32Array(done), 0) === count, 7000 * ctx.factor);
			if (errors.length) ctx.report('errors', errors);
			if (!exited) return;
			ctx.report('readings', await Promise.race([watcher.message, Promise.all(all.map((w) => w.exited)).then(() => [])]));
			ctx.report('total', Atomics.load(new Int32Array(counter), 0));
		} finally {
			await Promise.all(all.map((w) => w.worker.terminate()));
		}
	},
	checks: [
		checks.custom('no-errors', 'addMany runs in every worker without throwing', (run) => {
			const errors = run.values.errors as string[] | undefined;
			return !errors || `a worker's addMany threw: ${errors[0]}`;
		}),
		checks.equal('total', 'no addition is lost: the counter ends at the sum of every worker’s times', 'total', (run) => expectedTotal(run.seed), {
			hint: 1,
		}),
		checks.value<number[]>(
			'one-at-a-time',
			'each addition lands in the shared counter as it is made, not all at once at the end',
			'readings',
			(readings, run) => {
				const whole = subsetSums(allTimes(run.seed));
				const total = expectedTotal(run.seed);
				const partial = readings.filter((v) => v > 0 && !whole.has(v)).length;
				// A jump: a reading equal to whole addMany calls' worth, which is all a batched addition shows.
				const jumps = readings.filter((v) => v > 0 && v < total && whole.has(v)).length;
				const seen = `the grader's watcher saw the counter at ${partial} values on the way up`;
				if (partial >= MIN_PARTIAL_READINGS || (partial > 0 && jumps === 0)) return { status: 'pass', message: seen };
				if (jumps > 0) {
					return `the grader's watcher saw the counter only at ${[0, ...readings.slice(0, 6)].join(', ')}: it jumped by whole workers' counts, so the additions were not made one by one in the shared counter`;
				}
				// No reading on the way up at all: either the additions all landed at once, or the watcher
				// never got a core while the workers added.
				const f = fairness(run);
				const never = `the grader's watcher never saw the counter between 0 and ${total} (it read ${readings.join(', ') || 'nothing'}): the additions landed all at once`;
				return f.busy ? inconclusive(f.evidence, 'the watcher hardly read the counter') : never;
			},
			{ hint: 1, timing: true },
		),
	],
});
