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
 *
 * A jump alone is no proof: on a busy machine the watcher may wait for a core while a correct worker
 * makes all its additions. So the watcher times each reading, and a rise counts against the code only
 * when it came faster than additions one at a time can ever come: more than one per nanosecond (a
 * locked add costs several). The watcher naps between readings (about 0.1 ms): a thread that mostly
 * sleeps gets a core back at once when it wakes, even on a busy machine, so its readings stay close
 * together; a watcher that spins would lose its core as often as the workers.
 */
const workersOf = (seed: number) => 2 + (mix(seed, 1) % 3);
/**
 * Additions by worker w: 1,000,000 to 1,600,000. A worker's additions one at a time take 10 ms or more,
 * many of the watcher's naps; made at once they rise by a million within one reading.
 */
const timesOf = (seed: number, w: number) => 1_000_000 + (mix(seed, 10 + w) % 600_001);
const allTimes = (seed: number) => Array.from({ length: workersOf(seed) }, (_, w) => timesOf(seed, w));
const expectedTotal = (seed: number) => allTimes(seed).reduce((a, b) => a + b, 0);
/**
 * Readings strictly between 0 and the total that no batch of whole addMany calls could produce: enough
 * to pass on their own; fewer pass only when no reading was such a batch.
 */
const MIN_PARTIAL_READINGS = 3;
/** No loop makes additions one at a time faster than this (a locked add takes several ns on any CPU). */
const MAX_ADDITIONS_PER_MS = 1_000_000;

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

/** One change the watcher saw: the new value, and the longest the rise to it can have taken, ms. */
type Reading = [value: number, withinMs: number];

interface Rise {
	from: number;
	to: number;
	withinMs: number;
	perMs: number;
}

/**
 * The fastest rise between two of the watcher's readings, in additions per ms. Only rises from the
 * highest value seen so far count: after the counter went down (a worker wrote back a count it had read
 * earlier), the climb back is that worker's or another's stale count coming back, not a batch.
 */
function fastestRise(readings: Reading[]): Rise | undefined {
	let fastest: Rise | undefined;
	let from = 0;
	let highest = 0;
	for (const [to, withinMs] of readings) {
		const perMs = (to - from) / withinMs;
		if (from === highest && (!fastest || perMs > fastest.perMs)) fastest = { from, to, withinMs, perMs };
		from = to;
		highest = Math.max(highest, to);
	}
	return fastest;
}

/** The first time the watcher saw the counter go down: proof that a write put back an older count. */
function firstDrop(readings: Reading[]): { from: number; to: number } | undefined {
	let from = 0;
	for (const [to] of readings) {
		if (to < from) return { from, to };
		from = to;
	}
	return undefined;
}

const TOTAL_TITLE = 'no addition is lost: the counter never goes down, and ends at the sum of every worker’s times';
const finalTotal = checks.equal('total', TOTAL_TITLE, 'total', (run) => expectedTotal(run.seed));

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

const WATCHER = `// The grader's watcher: reads the counter while the workers add, with a short nap between readings.
// Each change is kept with the longest time the rise can have taken: from just before the last
// reading that still showed the old value to just after the one that shows the new.
import { parentPort, workerData } from 'node:worker_threads';
const { counter, gate, done, workers } = workerData;
const view = new Int32Array(counter);
const finished = new Int32Array(done);
const nap = new Int32Array(new SharedArrayBuffer(4));
const readings = [];
// The first reading comes before the watcher arrives at the gate: no worker can pass it before then
// (unless the gate gave up waiting for a late watcher, and then this reading shows it).
let lastBefore = performance.now();
let last = Atomics.load(view, 0);
if (last !== 0) readings.push([last, 1e9]);
Atomics.add(new Int32Array(gate), 0, 1);
const read = () => {
	const before = performance.now();
	const now = Atomics.load(view, 0);
	const after = performance.now();
	if (now !== last && readings.length < 5000) readings.push([now, after - lastBefore]);
	last = now;
	lastBefore = before;
};
while (Atomics.load(finished, 0) < workers) {
	Atomics.wait(nap, 0, 0, 0.05);
	read();
}
read();
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
		checks.custom(
			'total',
			TOTAL_TITLE,
			(run) => {
				const outcome = finalTotal.evaluate(run);
				const drop = firstDrop((run.values.readings as Reading[] | undefined) ?? []);
				if (outcome.status !== 'pass' || !drop) return outcome;
				// The total can still come out right: a later stale write may put the lost additions back.
				return `the grader's watcher saw the counter go down, from ${drop.from.toLocaleString('en')} to ${drop.to.toLocaleString('en')}, while the workers added: a worker wrote back a count it had read before the others' additions, and those additions were lost`;
			},
			{ hint: 1 },
		),
		checks.value<Reading[]>(
			'one-at-a-time',
			'each addition lands in the shared counter as it is made, not all at once at the end',
			'readings',
			(readings, run) => {
				const rise = fastestRise(readings);
				if (rise && rise.perMs > MAX_ADDITIONS_PER_MS) {
					const { from, to, withinMs } = rise;
					return `the counter rose from ${from.toLocaleString('en')} to ${to.toLocaleString('en')} between two of the grader's readings ${withinMs.toFixed(2)} ms apart, faster than additions one at a time can come (at most one per nanosecond): they were added all at once, not one by one in the shared counter`;
				}
				const whole = subsetSums(allTimes(run.seed));
				const total = expectedTotal(run.seed);
				const partial = readings.filter(([v]) => v > 0 && !whole.has(v)).length;
				// A jump: a reading equal to whole addMany calls' worth, which is all a batched addition shows.
				const jumps = readings.filter(([v]) => v > 0 && v < total && whole.has(v)).length;
				const seen = `the grader's watcher saw the counter at ${partial} values on the way up`;
				if (partial >= MIN_PARTIAL_READINGS || (partial > 0 && jumps === 0)) {
					if (rise) run.margins?.push(MAX_ADDITIONS_PER_MS / rise.perMs);
					return { status: 'pass', message: seen };
				}
				// Only whole workers' counts, but each rise slow enough for additions one at a time: the
				// watcher was away (waiting for a core) while the workers added, or the code batches.
				const values = [0, ...readings.slice(0, 6).map(([v]) => v)].join(', ');
				const never = `the grader's watcher saw the counter only at ${values}: it jumped by whole workers' counts, so the additions were not made one by one in the shared counter`;
				const f = fairness(run);
				return f.busy ? inconclusive(f.evidence, 'the watcher hardly read the counter while the workers added') : never;
			},
			{ hint: 1, timing: true },
		),
	],
});
