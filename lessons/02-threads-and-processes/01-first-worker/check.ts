import { checks, cpuWithin, defineExercise, type RunResult } from 'conc-tutor/kit';

/** The grader's own workers carry this as their (eval) code, so the checks can tell them apart. */
const GRADER_WORKER = 'void "conc-tutor grader worker"';

interface Plan {
	/** The limits of the calls that must succeed, in order. */
	limits: number[];
	/** How many workers of its own the grader starts (and lets exit) before each call, so that no threadId can be guessed. */
	spacers: number[];
}

/** 2 calls with limits of 16–24 million (the count takes the worker 150–300 ms), from the seed. */
export function plan(seed: number): Plan {
	let state = (seed * 2654435761 + 4242) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const calls = 2;
	return {
		limits: Array.from({ length: calls }, () => LIMIT_BASE + LIMIT_STEP * next(PRIMES_BELOW.length)),
		spacers: Array.from({ length: calls }, () => next(3)),
	};
}

/** A limit the worker cannot count to: `new Uint8Array(-1)` throws, and the worker fails. */
const FAILING_LIMIT = -1;

// The limits are LIMIT_BASE + LIMIT_STEP × k; PRIMES_BELOW[k] is the number of primes below each,
// counted once with the worker's own sieve (counting again on every grading took the grader 0.3–0.7 s).
const LIMIT_BASE = 16_000_003;
const LIMIT_STEP = 125_013;
const PRIMES_BELOW: readonly number[] = [1031130,1038627,1046155,1053642,1061203,1068704,1076226,1083767,1091317,1098848,1106272,1113822,1121397,1128914,1136330,1143828,1151374,1158777,1166267,1173739,1181175,1188664,1196145,1203617,1211069,1218500,1225925,1233389,1240862,1248256,1255705,1263166,1270638,1278077,1285489,1292902,1300273,1307714,1315201,1322582,1329974,1337407,1344748,1352198,1359664,1367030,1374461,1381861,1389305,1396645,1403965,1411342,1418685,1426141,1433526,1440884,1448262,1455632,1462994,1470451,1477776,1485125,1492453,1499779];

function countPrimes(limit: number): number | undefined {
	return PRIMES_BELOW[(limit - LIMIT_BASE) / LIMIT_STEP];
}

interface Call {
	call: number;
	limit: number;
	from: number;
	to: number;
	/** Workers the solution created during the call (the grader's own left out). */
	created: Array<{ threadId: number; file?: string }>;
}

function callsOf(run: RunResult): Call[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
	return plan(run.seed).limits.map((limit, i) => {
		const from = at(`called ${i + 1}`);
		const to = at(`returned ${i + 1}`);
		const created = run.trace.events.flatMap((e) =>
			e.type === 'worker-created' && e.file !== GRADER_WORKER && e.t >= from && e.t <= to ? [{ threadId: e.threadId, file: e.file }] : [],
		);
		return { call: i + 1, limit, from, to, created };
	});
}

interface Answer {
	count?: unknown;
	threadId?: unknown;
}

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const { countPrimesInWorker } = await ctx.import('primes.ts');
		const { Worker } = await import('node:worker_threads');
		const { limits, spacers } = plan(ctx.seed);
		const answers: Answer[] = [];
		for (const [i, limit] of limits.entries()) {
			for (let s = 0; s < spacers[i]!; s++) {
				const spacer = new Worker(GRADER_WORKER, { eval: true });
				await new Promise((resolve) => spacer.once('exit', resolve));
			}
			ctx.mark(`called ${i + 1}`);
			const answer = (await countPrimesInWorker(limit)) as Answer | undefined;
			ctx.mark(`returned ${i + 1}`);
			answers.push({ count: answer?.count, threadId: answer?.threadId });
		}
		ctx.report('answers', answers);
		// A worker that fails: the promise must reject. Wait for it as long as a worker takes to start and fail.
		let settled = 'pending';
		countPrimesInWorker(FAILING_LIMIT).then(
			(value: unknown) => (settled = `resolved with ${JSON.stringify(value) ?? 'undefined'}`),
			() => (settled = 'rejected'),
		);
		await ctx.waitFor(() => settled !== 'pending', 3000 * ctx.factor * (await ctx.pace()));
		ctx.report('failing', settled);
	},
	checks: [
		checks.custom('workers', 'starts one worker per call, from primes-worker.ts', (run) => {
			for (const c of callsOf(run)) {
				if (c.to === Infinity) return `countPrimesInWorker(${c.limit}) never resolved`;
				if (c.created.length !== 1) return `countPrimesInWorker(${c.limit}) started ${c.created.length} workers; expected exactly 1`;
				if (c.created[0]!.file !== 'primes-worker.js') {
					return `countPrimesInWorker(${c.limit}) started its worker from ${c.created[0]!.file ? `"${c.created[0]!.file}"` : 'inline code'}, not from primes-worker.ts`;
				}
			}
			return true;
		}, { hint: 0 }),
		checks.custom('count', 'returns the count of primes below the limit', (run) => {
			const answers = run.values.answers as Answer[] | undefined;
			for (const [i, limit] of plan(run.seed).limits.entries()) {
				const want = countPrimes(limit);
				const got = answers?.[i]?.count;
				if (got !== want) return `countPrimesInWorker(${limit}) resolved with count ${JSON.stringify(got)}; there are ${want} primes below ${limit}`;
			}
			return true;
		}),
		checks.custom('from-the-worker', 'the count comes from the worker, not from the main thread', (run) => {
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			if (!main) return 'the main thread was not observed';
			const seen: string[] = [];
			for (const c of callsOf(run)) {
				if (c.to === Infinity) return `countPrimesInWorker(${c.limit}) never resolved`;
				const lane = run.trace.lanes.find((l) => l.threadId !== undefined && c.created.some((w) => w.threadId === l.threadId));
				const workerCpu = Math.round(lane?.cpuMs ?? 0);
				// Starting a worker and taking its message costs the main thread 10–40 ms; counting the primes
				// itself costs about as much as the worker's whole job.
				const allowance = Math.round(40 + 0.2 * workerCpu);
				const used = cpuWithin(run, main, c.from, c.to, allowance, (ms) => `during countPrimesInWorker(${c.limit}) the main thread used ${ms} ms of CPU (allowed: ${allowance} ms; the worker used ${workerCpu} ms): it counted the primes itself; return the count the worker posts`);
				if (typeof used !== 'number') return used;
				seen.push(`${used} ms`);
			}
			return { status: 'pass', message: `main thread CPU during the calls: ${seen.join(', ')}` };
		}, { observesThreads: true, timing: true }),
		checks.custom('thread-id', 'returns the threadId of the worker it started', (run) => {
			const answers = run.values.answers as Answer[] | undefined;
			for (const c of callsOf(run)) {
				const id = answers?.[c.call - 1]?.threadId;
				const ids = c.created.map((w) => w.threadId);
				if (ids.length === 0) return `countPrimesInWorker(${c.limit}) returned threadId ${JSON.stringify(id)}, but started no worker`;
				if (ids.includes(id as number)) continue;
				if (id === -1) return 'you returned -1: that is what worker.threadId reads after the worker has exited; read it right after new Worker(...)';
				if (id === 0) return 'you returned 0, the main thread\'s threadId, not the worker\'s';
				return `call ${c.call} returned threadId ${JSON.stringify(id)}, but the worker it started had threadId ${ids.join(', ')} (other workers run in the same process, so ids are not predictable: read worker.threadId)`;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('exited-before-return', 'resolves after the worker has exited by itself (code 0)', (run) => {
			for (const c of callsOf(run)) {
				for (const { threadId } of c.created) {
					const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === threadId);
					if (exit?.type !== 'worker-exit' || exit.t > c.to) {
						return `countPrimesInWorker(${c.limit}) resolved while its worker was still running${exit ? ` (it exited ${Math.round(exit.t - c.to)} ms later)` : ''}: resolve on the worker's 'exit' event, after its message`;
					}
					if (exit.code !== 0) return `the worker of countPrimesInWorker(${c.limit}) exited with code ${exit.code}; it exits by itself with code 0 after posting the count`;
				}
			}
			return true;
		}),
		checks.value('rejects-on-error', 'rejects when the worker fails', 'failing', (settled: string) =>
			settled === 'rejected' ||
			(settled === 'pending'
				? `countPrimesInWorker(${FAILING_LIMIT}) makes the worker throw, and your promise never settled: listen for the worker's 'error' event and reject`
				: `countPrimesInWorker(${FAILING_LIMIT}) makes the worker throw, yet your promise ${settled}; reject on the worker's 'error' event`),
		),
	],
});
