import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isDeepStrictEqual } from 'node:util';
import { checks, defineExercise, diff, fairness, inconclusive } from 'conc-tutor/kit';

/**
 * The grader drives stats.ts itself, the way tally.ts does but harder: 2 to 5 workers of its own, each
 * calling record() close to a million times, all released at the same instant, while the main thread
 * records a few values of its own; twice over (two rounds on the same workers and buffer). The values
 * are made inside the workers: nothing about them crosses the main thread's ports.
 */
const workersOf = (seed: number) => 2 + (mix(seed, 1) % 4);
const perRound = (seed: number, worker: number) => 300_000 + (mix(seed, 100 + worker) % 200_001);
const ROUNDS = 2;
/** The worker not asked for its mine() after its last round: everyone() must count it without being told. */
const quietOf = (seed: number) => mix(seed, 3) % workersOf(seed);
const mainValues = (seed: number) => Array.from({ length: 50 + (mix(seed, 2) % 200) }, (_, k) => 1 + (mix(seed, 1000 + k) % 100));

function mix(seed: number, i: number): number {
	let h = Math.imul(seed ^ 0x5bd1e995, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}
/** The LCG each grader worker draws its values 1..100 from; the same code runs in the check. */
const startOf = (seed: number, worker: number) => mix(seed, 50 + worker) | 1;

interface Totals {
	count: number;
	sum: number;
}
/** What worker `w` recorded in its first `rounds` rounds. */
function workerTotals(seed: number, w: number, rounds = ROUNDS): Totals {
	let s = startOf(seed, w);
	const n = perRound(seed, w) * rounds;
	let sum = 0;
	for (let k = 0; k < n; k++) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		sum += 1 + (s % 100);
	}
	return { count: n, sum };
}
const mainTotals = (seed: number): Totals => {
	const values = mainValues(seed);
	return { count: values.length * ROUNDS, sum: values.reduce((a, b) => a + b, 0) * ROUNDS };
};
const allTotals = (seed: number): Totals => {
	const parts = [...Array.from({ length: workersOf(seed) }, (_, w) => workerTotals(seed, w)), mainTotals(seed)];
	return { count: parts.reduce((a, p) => a + p.count, 0), sum: parts.reduce((a, p) => a + p.sum, 0) };
};

/** Records between two looks at the other workers' progress. */
const STRETCH = 4096;
/**
 * Stretches run beside another worker that the run needs before a right everyone() counts. Measured
 * with 6 processes spinning on 2 cores: a plain read-add-write lost 20,000 updates or more in every
 * run that had 13 such stretches or more (and in most runs with fewer).
 */
const MIN_TOGETHER = 12;

const DRIVER = `// The grader's worker: drives stats.js the way tally-worker.js does, with values made here.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { attach, mine, record } from './stats.js';
const { shared, gate, progress: progressBuffer, index, start, n, rounds, workers, spinMs, quiet } = workerData;
const arrived = new Int32Array(gate);
const progress = new Int32Array(progressBuffer);
attach(shared);
// How long this thread has waited for a core (ns): it grows only while the thread was preempted.
function waited() {
	try {
		return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
	} catch {
		return NaN;
	}
}
// Stretches of ${STRETCH} records during which this thread kept its core and another worker recorded
// too: record() calls that really ran at the same instant (a thread that was preempted saw the others
// take turns with it, not run beside it).
let together = 0;
let others = 0;
let lastWait = waited();
let s = start;
for (let r = 0; r < rounds; r++) {
	// A start line: spin until every worker has arrived, so that they all record at the same instant.
	Atomics.add(arrived, 0, 1);
	const until = Date.now() + spinMs;
	while (Atomics.load(arrived, 0) < workers * (r + 1) && Date.now() < until);
	for (let k = 0; k < n; k++) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		record(1 + (s % 100));
		if (k % ${STRETCH} === ${STRETCH - 1}) {
			Atomics.add(progress, index, 1);
			let now = 0;
			for (let w = 0; w < workers; w++) if (w !== index) now += Atomics.load(progress, w);
			const wait = waited();
			if (now !== others && wait === lastWait) together++;
			others = now;
			lastWait = wait;
		}
	}
	// The quiet worker is not asked for mine() after its last round: its records must count without it.
	const asked = !(quiet && r === rounds - 1);
	parentPort.postMessage({ round: r, mine: asked ? mine() : undefined, together: Number.isNaN(lastWait) ? null : together });
}
`;

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const driver = path.join(ctx.dir, 'grader-tally-worker.js');
		writeFileSync(driver, DRIVER);
		const stats = await ctx.import('stats.ts');
		const count = workersOf(ctx.seed);
		const shared = new SharedArrayBuffer(1024);
		const gate = new SharedArrayBuffer(4);
		stats.attach(shared);
		const progress = new SharedArrayBuffer(4 * count);
		const mine: unknown[] = new Array(count).fill(null);
		const together: Array<number | null> = new Array(count).fill(0);
		const done = new Array<number>(count).fill(-1);
		const errors: string[] = [];
		const spinMs = 1000 * ctx.factor;
		const workers = Array.from({ length: count }, (_, index) => {
			const worker = new Worker(pathToFileURL(driver), {
				workerData: { shared, gate, progress, index, start: startOf(ctx.seed, index), n: perRound(ctx.seed, index), rounds: ROUNDS, workers: count, spinMs, quiet: index === quietOf(ctx.seed) },
			});
			worker.on('message', (m: { round: number; mine: unknown; together: number | null }) => {
				done[index] = m.round;
				if (m.mine !== undefined) mine[index] = m.mine;
				together[index] = m.together;
			});
			worker.on('error', (error) => errors.push(String(error)));
			return worker;
		});
		try {
			// The main thread records too, while the workers do.
			for (let r = 0; r < ROUNDS; r++) {
				for (const value of mainValues(ctx.seed)) stats.record(value);
				await ctx.sleep(1);
			}
			await ctx.waitFor(() => errors.length > 0 || done.every((x) => x >= ROUNDS - 1), 8000 * ctx.factor);
			ctx.report('perWorker', mine);
			ctx.report('all', stats.everyone());
			// null: this system does not say when a thread was preempted, so the run cannot show it.
			ctx.report('together', together.includes(null) ? null : together.reduce<number>((a, b) => a + b!, 0));
			ctx.report('main', stats.mine());
			if (errors.length) ctx.report('errors', errors);
		} finally {
			await Promise.all(workers.map((worker) => worker.terminate()));
		}
	},
	checks: [
		checks.custom('no-errors', 'stats.ts runs in the main thread and in every worker', (run) => {
			const errors = run.values.errors as string[] | undefined;
			return !errors || `a worker that used stats.ts threw: ${errors[0]}`;
		}),
		checks.equal('per-worker', "each worker's mine() counts only that worker's record() calls", 'perWorker', (run) =>
			Array.from({ length: workersOf(run.seed) }, (_, w) => workerTotals(run.seed, w, w === quietOf(run.seed) ? ROUNDS - 1 : ROUNDS)), { hint: 0 }),
		checks.custom('all-workers', "everyone() on the main thread counts every thread's record() calls", (run) => {
			const want = allTotals(run.seed);
			if (!isDeepStrictEqual(run.values.all, want)) return `everyone() on the main thread: ${diff(want, run.values.all)}`;
			// Right totals prove something only if workers really recorded at the same instant: on a machine
			// too busy to run two of them at once, a plain read-add-write would have been right too.
			const together = run.values.together as number | null | undefined;
			if (typeof together !== 'number') return true;
			run.margins?.push(together / MIN_TOGETHER);
			if (together >= MIN_TOGETHER) return { status: 'pass', message: `right, with workers recording at the same instant for ${together} stretches of ${STRETCH} records` };
			const f = fairness(run);
			const alone = `the workers hardly ever recorded at the same instant (${together} stretches of ${STRETCH} records beside another worker; ${MIN_TOGETHER} are needed to judge everyone())`;
			return f.busy ? inconclusive(f.evidence, alone) : alone;
		}, { hint: 1, timing: true }),
		checks.equal('main-mine', "the main thread's mine() counts only the main thread's own record() calls", 'main', (run) => mainTotals(run.seed), {
			hint: 0,
		}),
	],
});
