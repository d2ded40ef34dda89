import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';
import {
	exitedBeforeReturn,
	hash,
	inInputOrder,
	installWorker,
	kept,
	oneAtATime,
	throughWorkers,
	workersOf,
	type PoolLogEntry,
	type PoolPlan,
} from '../_pool-trace.js';

const P = 1_000_003n;
const require = createRequire(import.meta.url);

/**
 * The grader calls sumAll twice per run, each time pretending (for os.availableParallelism() and
 * os.cpus() on the main thread) to be a machine with a different number of cores, 2 to 5: no number
 * the learner could guess or read elsewhere fits both calls.
 */
const ROUNDS = [1, 2] as const;
type Round = (typeof ROUNDS)[number];
function coresOf(seed: number, round: Round): number {
	const first = 2 + (hash(seed, 1, 0x3c6ef372) % 4);
	return round === 1 ? first : 2 + ((first - 2 + 1 + (hash(seed, 3, 0x3c6ef372) % 3)) % 4);
}
/** The number of ranges of a call: 14 to 18. */
const tasksOf = (seed: number, round: Round) => 14 + (hash(seed, 10 + round, 0x3c6ef372) % 5);

/** One long range early on, which waits for the other workers to finish some ranges meanwhile. */
const plan = (seed: number, round: Round, factor: number): PoolPlan => ({
	naps: [],
	longIndex: coresOf(seed, round) + (hash(seed, 20 + round, 0x3c6ef372) % 3),
	longNeeds: coresOf(seed, round),
	total: tasksOf(seed, round),
	gateMs: 1500 * factor,
});
const log = (run: RunResult, round: Round) => (run.values[`log${round}`] ?? []) as PoolLogEntry[];

/** Back-to-back ranges of 0.65–0.825 million numbers each (every i*i stays far below 2^53). */
function ranges(seed: number, round: Round): Array<[number, number]> {
	const list: Array<[number, number]> = [];
	let from = (round - 1) * 30_000_000;
	for (let i = 0; i < tasksOf(seed, round); i++) {
		let h = Math.imul(seed ^ 0x27d4eb2f ^ round, 0x165667b1) ^ Math.imul(i + 7, 0x9e3779b1);
		h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
		h ^= h >>> 13;
		const length = 650_000 + ((h >>> 0) % 175_001);
		list.push([from, from + length]);
		from += length;
	}
	return list;
}

/** Sum of i*i for 0 <= i < n, exactly, by the closed form. */
const squaresBelow = (n: number) => {
	const b = BigInt(n);
	return b === 0n ? 0n : ((b - 1n) * b * (2n * b - 1n)) / 6n;
};
const expected = (seed: number, round: Round) =>
	ranges(seed, round).map(([from, to]) => Number((squaresBelow(to) - squaresBelow(from)) % P));

const roundWorkers = (run: RunResult, round: Round) => new Set(workersOf(run, `start-${round}`, `returned-${round}`));

/** How many answers each worker of a call posted back to the main thread, seen from outside (threadId → count). */
function answersPerWorker(run: RunResult, round: Round): Map<number, number> {
	const counts = new Map<number, number>();
	for (const id of roundWorkers(run, round)) counts.set(id, 0);
	for (const event of run.trace.events) {
		if (event.type === 'message' && event.to === 0 && counts.has(event.from)) counts.set(event.from, counts.get(event.from)! + 1);
	}
	return counts;
}

/**
 * Share of a call (first range sent → last answer) during which at least `need` different workers
 * each had a range out at once: sends and answers as the grader saw them, ordered by time. Not a CPU
 * measurement, so a busy machine does not change it.
 */
function busyTogether(run: RunResult, round: Round, need: number): number {
	const workers = roundWorkers(run, round);
	const steps: Array<[t: number, worker: number, change: number]> = [];
	for (const e of run.trace.events) {
		if (e.type !== 'message') continue;
		if (e.from === 0 && workers.has(e.to)) steps.push([e.t, e.to, +1]);
		else if (e.to === 0 && workers.has(e.from)) steps.push([e.t, e.from, -1]);
	}
	steps.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
	if (steps.length < 2) return 0;
	const out = new Map<number, number>();
	let together = 0;
	for (let i = 0; i < steps.length - 1; i++) {
		const [t, worker, change] = steps[i]!;
		out.set(worker, (out.get(worker) ?? 0) + change);
		const busy = [...out.values()].filter((n) => n > 0).length;
		if (busy >= need) together += steps[i + 1]![0] - t;
	}
	return together / Math.max(1e-9, steps.at(-1)![0] - steps[0]![0]);
}

/** A check over both calls: the first call's problem is reported, prefixed with what the call was. */
const bothCalls = (run: RunResult, each: (round: Round) => true | string | { status: 'pass'; message: string }) => {
	const passes: string[] = [];
	for (const round of ROUNDS) {
		const verdict = each(round);
		if (typeof verdict === 'string') {
			return `in call ${round} (os.availableParallelism() said ${coresOf(run.seed, round)}, ${tasksOf(run.seed, round)} ranges): ${verdict}`;
		}
		if (verdict !== true) passes.push(`call ${round}: ${verdict.message}`);
	}
	return passes.length ? { status: 'pass' as const, message: passes.join('; ') } : true;
};

export default defineExercise({
	// The oversubscribed mistake starts 4 workers per pretended core, in each of the two calls.
	limits: { timeoutMs: 10_000, maxWorkers: 64 },
	async run(ctx) {
		const os = require('node:os') as typeof import('node:os');
		const syncExports = () => (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
		const cpus = os.cpus();
		for (const round of ROUNDS) {
			// Pretend to be a machine with coresOf(seed, round) cores, for the solution's main thread.
			const cores = coresOf(ctx.seed, round);
			os.availableParallelism = () => cores;
			os.cpus = () => Array.from({ length: cores }, (_, i) => cpus[i % cpus.length]!);
			syncExports();
			const worker = installWorker(
				ctx,
				'square-worker.js',
				`let sum = 0; for (let i = task.from; i < task.to; i++) sum = (sum + i * i) % ${P}; return { index: task.index, sum };`,
				plan(ctx.seed, round, ctx.factor),
			);
			// A fresh copy of the module for each call: a solution that reads the core count once, when
			// it is loaded, is as right as one that asks on every call.
			const file = pathToFileURL(path.join(ctx.dir, 'sum-squares.js')).href;
			const { sumAll } = (await import(`${file}?call=${round}`)) as { sumAll: (r: Array<[number, number]>) => Promise<number[]> };
			ctx.mark(`start-${round}`);
			const sums = await sumAll(ranges(ctx.seed, round));
			ctx.mark(`returned-${round}`);
			ctx.report(`sums${round}`, sums);
			ctx.report(`log${round}`, await worker.finish(tasksOf(ctx.seed, round)));
		}
	},
	checks: [
		checks.custom('sums', 'every sum is right, in input order', (run) =>
			bothCalls(run, (round) => {
				const key = `sums${round}`;
				if (!(key in run.values)) return 'sumAll never resolved';
				const want = expected(run.seed, round);
				const got = run.values[key];
				if (!Array.isArray(got) || got.length !== want.length) return `expected ${want.length} sums, got ${JSON.stringify(got)?.slice(0, 60)}`;
				const at = want.findIndex((w, i) => w !== got[i]);
				return at < 0 || `sums[${at}]: expected ${want[at]}, got ${JSON.stringify(got[at])}`;
			}),
		),
		checks.custom(
			'sized-to-cores',
			'starts one worker per core: os.availableParallelism() of them',
			(run) =>
				bothCalls(run, (round) => {
					const started = roundWorkers(run, round).size;
					const cores = coresOf(run.seed, round);
					if (started === cores) return true;
					if (started > cores) {
						return `started ${started} workers while os.availableParallelism() said ${cores}: for CPU-bound work the extra ${started - cores} cannot run any sooner, they only add start-ups and context switches`;
					}
					return `started ${started} worker${started === 1 ? '' : 's'} while os.availableParallelism() said ${cores}: ${cores - started} core${cores - started === 1 ? '' : 's'} left without work (ask os.availableParallelism() each time; do not hard-code a number)`;
				}),
			{ hint: 0 },
		),
		checks.custom(
			'reuse',
			'every worker it started did some of the work',
			(run) =>
				bothCalls(run, (round) => {
					// Counted per worker, not per range: a worker may come online late on a busy machine and
					// find most ranges taken, but one that is given its first range at once always answers it.
					const counts = answersPerWorker(run, round);
					if (counts.size === 0) return 'no worker was started';
					const shares = [...counts.values()];
					const idle = shares.filter((n) => n === 0).length;
					if (idle > 0) {
						return `answers per worker: ${shares.join(', ')}; ${idle} worker${idle === 1 ? '' : 's'} answered no range at all — give every worker a range from the start, and each free worker the next one`;
					}
					return { status: 'pass', message: `answers per worker ${shares.join(', ')}` };
				}),
			{ hint: 1 },
		),
		checks.custom(
			'all-busy-at-once',
			'keeps every worker busy at the same time',
			(run) =>
				bothCalls(run, (round) => {
					const need = Math.min(2, roundWorkers(run, round).size);
					if (need === 0) return 'no worker was started';
					const percent = Math.round(busyTogether(run, round, need) * 100);
					return percent >= 50
						? { status: 'pass', message: `${need}+ workers had a range at once for ${percent}%` }
						: `${need} workers each had a range at the same time for only ${percent}% of the call: give every worker a range without waiting for the others' answers`;
				}),
			{ hint: 1 },
		),
		checks.custom('through-workers', 'sends every range to a worker once, as a message', (run) =>
			bothCalls(run, (round) => throughWorkers(log(run, round), tasksOf(run.seed, round))),
		),
		checks.custom('one-at-a-time', 'gives a worker its next range only after it answered', (run) => bothCalls(run, (round) => oneAtATime(log(run, round))), {
			hint: 1,
		}),
		checks.custom('next-in-order', 'hands out the next range nobody has taken, in order', (run) => bothCalls(run, (round) => inInputOrder(run, log(run, round))), {
			hint: 1,
		}),
		checks.custom(
			'no-idle-worker',
			'keeps the other workers busy while one has a long range',
			(run) => bothCalls(run, (round) => kept(log(run, round), plan(run.seed, round, 1))),
			{ hint: 1 },
		),
		checks.custom('exited-before-return', 'every worker has exited before sumAll resolves', (run) =>
			bothCalls(run, (round) => exitedBeforeReturn(run, `returned-${round}`, `start-${round}`)),
		),
		checks.noLeaks(),
	],
});
