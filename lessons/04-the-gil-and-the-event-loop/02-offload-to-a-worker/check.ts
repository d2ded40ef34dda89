import { type CheckOutcome, checks, cpuWithin, defineExercise, type RunResult } from 'conc-tutor/kit';
import { EXITING_LIMIT, installPrimes, primesBelow, seeded, THROWING_LIMIT, type RangeCounted } from '../_primes.js';

/** The two limits of a run, 3.0–4.0 million each, from the seed (about 0.4–0.6 s of counting each on an idle core). */
export function limitsFor(seed: number): number[] {
	const next = seeded(seed, 0x0ff1);
	return [3_000_000 + next(1_000_000), 3_000_000 + next(1_000_000)];
}

/** The limits that make the grader's countPrimes fail on purpose, and how each failure shows. */
const FAILURES = [
	{ limit: THROWING_LIMIT, how: 'countPrimes throws in the worker (an \'error\' event)' },
	{ limit: EXITING_LIMIT, how: 'the worker ends with exit code 3 (no \'error\' event, only \'exit\')' },
];

interface Call {
	call: number;
	limit: number;
	from: number;
	/** Infinity when the call never resolved. */
	to: number;
	/** Workers created during the call. */
	created: Array<{ threadId: number; file?: string }>;
}

function callsOf(run: RunResult): Call[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
	return limitsFor(run.seed).map((limit, i) => {
		const from = at(`called ${i + 1}`);
		const to = at(`returned ${i + 1}`);
		const created = run.trace.events.flatMap((e) =>
			e.type === 'worker-created' && e.t >= from && e.t <= to ? [{ threadId: e.threadId, file: e.file }] : [],
		);
		return { call: i + 1, limit, from, to, created };
	});
}

/** A check over both counting calls: the first problem found, or a pass listing what each call showed. */
function eachCall(run: RunResult, judge: (c: Call) => string | CheckOutcome | { seen: string }): string | CheckOutcome {
	const seen: string[] = [];
	for (const c of callsOf(run)) {
		if (c.to === Infinity) return `countPrimesInWorker(${c.limit}) never resolved`;
		const verdict = judge(c);
		if (typeof verdict === 'string' || !('seen' in verdict)) return verdict;
		seen.push(verdict.seen);
	}
	return { status: 'pass', message: seen.join('; ') };
}

/** True when the ranges cover [0, limit) without a gap. */
function covers(ranges: RangeCounted[], limit: number): boolean {
	let reached = 0;
	for (const { from, to } of [...ranges].sort((a, b) => a.from - b.from)) {
		if (from > reached) return false;
		reached = Math.max(reached, to);
	}
	return reached >= limit;
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const primes = installPrimes(ctx, { failures: true });
		const { countPrimesInWorker } = await ctx.import('offload.ts');
		const counts: unknown[] = [];
		for (const [i, limit] of limitsFor(ctx.seed).entries()) {
			ctx.mark(`called ${i + 1}`);
			counts.push(await countPrimesInWorker(limit));
			ctx.mark(`returned ${i + 1}`);
		}
		ctx.report('counts', counts);
		// Workers that fail: each promise must reject. Wait for the worker to reach the failure (as long as a
		// worker may take to start), then briefly for the promise: the 'error' or 'exit' follows within ms.
		const failing: string[] = [];
		for (const { limit } of FAILURES) {
			let settled = 'pending';
			const reached = () => primes.counted.some((r) => r.failing && r.to === limit);
			Promise.resolve()
				.then(() => countPrimesInWorker(limit))
				.then(
					(value: unknown) => (settled = `resolved with ${JSON.stringify(value) ?? 'undefined'}`),
					() => (settled = 'rejected'),
				);
			const pace = await ctx.pace();
			await ctx.waitFor(() => settled !== 'pending' || reached(), 3000 * ctx.factor * pace);
			await ctx.waitFor(() => settled !== 'pending', 500 * ctx.factor * pace);
			failing.push(settled);
		}
		ctx.report('failing', failing);
		await ctx.waitFor(() => primes.counted.filter((r) => !r.failing).length >= 2, 500 * ctx.factor);
		primes.close();
		ctx.report('counted', primes.counted);
	},
	checks: [
		checks.custom('count', 'resolves with the number of primes below the limit', (run) => {
			const limits = limitsFor(run.seed);
			const want = primesBelow(limits);
			const got = run.values.counts as unknown[] | undefined;
			for (const [i, limit] of limits.entries()) {
				if (got?.[i] !== want[i]) return `countPrimesInWorker(${limit}) resolved with ${JSON.stringify(got?.[i]) ?? 'nothing'}; there are ${want[i]} primes below ${limit}`;
			}
			return { status: 'pass', message: limits.map((limit, i) => `${want[i]} primes below ${limit}`).join(', ') };
		}, { hint: 1 }),
		checks.custom('workers', 'starts one worker per call, from count-worker.ts', (run) =>
			eachCall(run, (c) => {
				if (c.created.length !== 1) return `countPrimesInWorker(${c.limit}) started ${c.created.length} workers; expected exactly 1`;
				const file = c.created[0]!.file;
				if (file !== 'count-worker.js') return `countPrimesInWorker(${c.limit}) started its worker from ${file ? `"${file}"` : 'inline code'}, not from count-worker.ts`;
				return { seen: `call ${c.call}: worker ${c.created[0]!.threadId}` };
			}), { hint: 1 }),
		checks.custom('counted-in-worker', 'the worker counts the primes below the limit with countPrimes', (run) => {
			const counted = (run.values.counted ?? []) as RangeCounted[];
			return eachCall(run, (c) => {
				const ids = new Set(c.created.map((w) => w.threadId));
				const ranges = counted.filter((r) => ids.has(r.threadId));
				if (!covers(ranges, c.limit)) {
					const what = ranges.length ? ranges.map((r) => `[${r.from}, ${r.to})`).join(', ') : 'nothing';
					return `during countPrimesInWorker(${c.limit}) the worker counted ${what} with countPrimes: it must count every number below the limit, countPrimes(0, limit), and the count you resolve with is its answer`;
				}
				return { seen: `call ${c.call}: the worker counted [0, ${c.limit})` };
			});
		}, { hint: 1 }),
		checks.custom('main-thread-idle', 'the main thread leaves the counting to the worker', (run) => {
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			if (!main) return 'the main thread was not observed';
			return eachCall(run, (c) => {
				const lanes = run.trace.lanes.filter((l) => l.threadId !== undefined && c.created.some((w) => w.threadId === l.threadId));
				const workerCpu = Math.round(lanes.reduce((sum, lane) => sum + lane.cpuMs, 0));
				// Starting a worker and taking its message costs the main thread 10–40 ms; counting even a
				// fifth of the numbers itself costs a fifth of the worker's whole job.
				const allowance = Math.round(40 + 0.2 * workerCpu);
				const used = cpuWithin(run, main, c.from, c.to, allowance, (ms) => `during countPrimesInWorker(${c.limit}) the main thread used ${ms} ms of CPU (allowed: ${allowance} ms; the worker used ${workerCpu} ms): the main thread did part of the counting; leave all of it to the worker`);
				if (typeof used !== 'number') return used;
				return { seen: `call ${c.call}: main ${used} ms, worker ${workerCpu} ms` };
			});
		}, { observesThreads: true, timing: true, hint: 0 }),
		checks.eventLoopResponsive(150, { hint: 0 }),
		checks.custom('exited-before-return', 'resolves after the worker has exited by itself (code 0)', (run) =>
			eachCall(run, (c) => {
				for (const { threadId } of c.created) {
					const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === threadId);
					if (exit?.type !== 'worker-exit' || exit.t > c.to) {
						return `countPrimesInWorker(${c.limit}) resolved while its worker was still running${exit ? ` (it exited ${Math.round(exit.t - c.to)} ms later)` : ''}: resolve on the worker's 'exit' event, after its message`;
					}
					if (exit.code !== 0) return `the worker of countPrimesInWorker(${c.limit}) exited with code ${exit.code}; it exits by itself with code 0 after posting the count`;
				}
				return { seen: `call ${c.call}: the worker exited first` };
			}), { hint: 2 }),
		checks.value('rejects-on-failure', 'rejects when the worker fails', 'failing', (failing: string[]) => {
			for (const [i, { limit, how }] of FAILURES.entries()) {
				const settled = failing[i];
				if (settled === 'rejected') continue;
				return `with countPrimesInWorker(${limit}), ${how}, and your promise ${settled === 'pending' ? 'never settled' : settled}: reject on the worker's 'error' event, and on an 'exit' with a code other than 0`;
			}
			return true;
		}, { hint: 2 }),
	],
});
