import { checks, cpuWithin, defineExercise, fairness, inconclusive, overlapMs, runnableOverlapMs, startupMs, type RunResult } from 'conc-tutor/kit';

import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Must match starter/ticket.ts. */
const ROUNDS = 300_000;
/** Ticket codes are below this. */
const CODES = 67108859;

interface Ticket {
	id: string;
	code: number;
}
interface Queues {
	vip: Ticket[];
	regular: Ticket[];
}

/**
 * The two calls of a run, from its seed. The first has queues of different lengths (which one is
 * longer varies by seed: 8–9 tickets against 5–6 more), the second two queues of equal length (8–9).
 * About 50 ms of CPU per ticket on an idle core (48 ms on the 2-core machines CI runs on). Codes come from
 * the seed, so nobody can store stamps.
 */
export function calls(seed: number): Queues[] {
	let state = (seed * 2654435761 + 12345) >>> 0;
	const next = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state >>> 4;
	};
	const queue = (prefix: string, call: number, n: number) =>
		Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${seed % 1000}-${call}.${i + 1}`, code: 2 + (next() % (CODES - 3)) }));
	const shorter = 8 + (next() % 2);
	const longer = shorter + 5 + (next() % 2);
	const vipLonger = next() % 2 === 0;
	const equal = 8 + (next() % 2);
	return [
		{ vip: queue('V', 1, vipLonger ? longer : shorter), regular: queue('R', 1, vipLonger ? shorter : longer) },
		{ vip: queue('V', 2, equal), regular: queue('R', 2, equal) },
	];
}

function modpow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	let result = 1n;
	let b = base % modulus;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % modulus;
		b = (b * b) % modulus;
		e >>= 1n;
	}
	return result;
}

function isPrime(n: bigint): boolean {
	for (const p of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) if (n % p === 0n) return n === p;
	let d = n - 1n;
	let s = 0;
	while ((d & 1n) === 0n) {
		d >>= 1n;
		s++;
	}
	witness: for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
		let x = modpow(a, d, n);
		if (x === 1n || x === n - 1n) continue;
		for (let i = 1; i < s; i++) {
			x = (x * x) % n;
			if (x === n - 1n) continue witness;
		}
		return false;
	}
	return true;
}

interface TimeLock {
	/** The modulus the checkers get (in the grader's copy of ticket.ts). */
	n: bigint;
	/** (p − 1)(q − 1): the grader's secret, which turns ROUNDS squarings into one short modpow. */
	phi: bigint;
}

const locks = new Map<number, TimeLock>();

/**
 * This run's modulus N = p·q, two 96-bit primes drawn from the seed. Only N reaches the sandbox. With p
 * and q, code^(2^ROUNDS) mod N = code^(2^ROUNDS mod φ(N)) mod N takes microseconds; without them the
 * only known way is ROUNDS squarings (the Rivest–Shamir–Wagner time-lock puzzle): the Fermat shortcut
 * that works for a prime modulus gives wrong stamps, and factoring N is far beyond a run's time.
 */
export function timeLock(seed: number): TimeLock {
	const cached = locks.get(seed);
	if (cached) return cached;
	let state = (seed * 2246822519 + 3266489917) >>> 0;
	const word = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return BigInt(state);
	};
	const prime = () => {
		let candidate = (word() << 64n) | (word() << 32n) | word() | (1n << 95n) | 1n;
		while (!isPrime(candidate)) candidate += 2n;
		return candidate;
	};
	const p = prime();
	let q = prime();
	while (q === p) q = prime();
	const lock = { n: p * q, phi: (p - 1n) * (q - 1n) };
	locks.set(seed, lock);
	return lock;
}

/** The stamp by the grader's shortcut (gcd(code, N) = 1: every code is far below p and q). */
function stampOf(seed: number, t: Ticket) {
	const { n, phi } = timeLock(seed);
	const x = modpow(BigInt(t.code), modpow(2n, BigInt(ROUNDS), phi), n);
	return { id: t.id, stamp: Number(x % 2n ** 48n) };
}

/**
 * checker-worker.ts as the grader runs it (the learner's copy is replaced): it starts checking the moment
 * it starts, so no edit to it can make one checker wait for the other. A learner who changed the queue's
 * shape for an edited copy is told what this one takes.
 */
const checkerWorkerSource = `import { parentPort, workerData } from 'node:worker_threads';
import { checkTicket } from './ticket.js';
if (!Array.isArray(workerData)) {
	const given = workerData === null || typeof workerData !== 'object' ? String(workerData) : 'an object with ' + (Object.keys(workerData).join(', ') || 'no keys');
	throw new TypeError('checker-worker.ts takes its queue itself as workerData, an array of tickets ({ workerData: queue }); it was given ' + given);
}
parentPort.postMessage(workerData.map(checkTicket));
`;

/** ticket.ts as the grader runs it (the learner's copy is replaced in the run folder): the same code, this run's N. */
const ticketSource = (n: bigint) => `export const N = ${n}n;
export const ROUNDS = ${ROUNDS};
export function checkTicket(ticket) {
	let x = BigInt(ticket.code) % N;
	for (let i = 0; i < ROUNDS; i++) x = (x * x) % N;
	return { id: ticket.id, stamp: Number(x % 2n ** 48n) };
}
`;

/**
 * CPU (ms) the main thread may spend during one call: starting two workers and taking their answers
 * (measured: 40–90 ms on a loaded 2-core machine), plus one and a half tickets' worth — never enough to
 * check the 5 or more extra tickets of the longer queue itself. A ticket's cost is measured on this
 * run's workers and capped, so decoy work in the workers cannot buy the main thread room.
 */
function mainAllowanceMs(perTicketMs: number): number {
	return Math.round(60 + 1.5 * Math.min(Math.max(perTicketMs, 30), 150));
}

interface Window {
	call: number;
	queues: Queues;
	from: number;
	/** Infinity when the call never resolved. */
	to: number;
	/** threadIds of the workers created during the call. */
	workers: number[];
	files: Array<string | undefined>;
}

/** Each call's time span (from the marks the run makes around it) and the workers created in it. */
function windows(run: RunResult): Window[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
	return calls(run.seed).map((queues, i) => {
		const from = at(`called ${i + 1}`) ?? Infinity;
		const to = at(`returned ${i + 1}`) ?? Infinity;
		const created = run.trace.events.flatMap((e) => (e.type === 'worker-created' && e.t >= from && e.t <= to ? [e] : []));
		return { call: i + 1, queues, from, to, workers: created.map((e) => e.threadId), files: created.map((e) => e.file) };
	});
}

/**
 * A worker's life, from its 'online' (or, with `fromCreated`, its constructor) to its 'exit' (Infinity
 * when either was not seen).
 */
function lifetime(run: RunResult, id: number, fromCreated = false): readonly [number, number] {
	const start = fromCreated ? 'worker-created' : 'worker-online';
	const on = run.trace.events.find((e) => e.type === start && e.threadId === id)?.t ?? Infinity;
	const off = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === id)?.t ?? Infinity;
	return [on, off];
}

/**
 * How long (ms) the two workers of each call must be seen busy at the same time: under a third of what a
 * correct pair shows on an idle 2-core machine (8 tickets of ~48 ms, less start-up: ~330 ms), while checkers
 * that take turns show 0. At 200 ms against tickets half as long, correct pairs failed 8 runs in 120 under load.
 */
const PARALLEL_NEED_MS = 100;

/**
 * What the sampler saw of two workers while both were alive, ms: `aliveMs`, from the later constructor to
 * the first exit (a busy machine can hold back a worker's start by hundreds of ms: that is still "both
 * started before waiting for either"); `apartMs`, one wanting a core (state R) while the other slept,
 * which is how one checker waiting for the other shows; `unseenMs`, the part the sampler did not look at
 * both (a busy machine makes it late, and a thread is looked at only once it runs); `startingMs`, both
 * wanting a core while one was still starting (a busy machine can starve a worker's start-up for as long
 * as the other lives: CI series of 2026-12-05 showed "0 ms" so).
 */
function aliveTogether(run: RunResult, ids: number[]): { aliveMs: number; apartMs: number; unseenMs: number; startingMs: number } {
	const none = { aliveMs: 0, apartMs: 0, unseenMs: 0, startingMs: 0 };
	const [a, b] = ids.map((id) => lifetime(run, id, true));
	if (!a || !b) return none;
	const from = Math.max(a[0], b[0]);
	const to = Math.min(a[1], b[1]);
	if (!Number.isFinite(to) || to <= from) return none;
	// Each look: whether the lane wanted a core, and whether it was still in its start-up.
	const looks = new Map<number, Array<{ runnable: number; starting: boolean }>>();
	for (const lane of run.trace.lanes.filter((l) => l.threadId !== undefined && ids.includes(l.threadId))) {
		for (const [t, cpu, runnable] of lane.samples) {
			if (t > from && t <= to) looks.set(t, [...(looks.get(t) ?? []), { runnable, starting: cpu < startupMs(lane) }]);
		}
	}
	let seen = 0;
	let apart = 0;
	let starting = 0;
	let last = from;
	for (const t of [...looks.keys()].sort((x, y) => x - y)) {
		// A look vouches for the time since the one before only up to one and a half sampler periods (40 ms):
		// a longer gap is time nobody watched.
		const span = Math.min(60, t - last);
		last = t;
		const states = looks.get(t)!;
		if (states.length < 2) continue;
		seen += span;
		const wanting = states.filter((s) => s.runnable === 1).length;
		if (wanting === 1) apart += span;
		if (wanting === 2 && states.some((s) => s.starting)) starting += span;
	}
	return { aliveMs: Math.round(to - from), apartMs: Math.round(apart), unseenMs: Math.round(to - from - seen), startingMs: Math.round(starting) };
}

const describe = (w: Window) =>
	`call ${w.call} (${w.queues.vip.length} VIP and ${w.queues.regular.length} regular tickets)`;

export default defineExercise({
	limits: { timeoutMs: 15000 },
	async run(ctx) {
		writeFileSync(path.join(ctx.dir, 'ticket.js'), ticketSource(timeLock(ctx.seed).n));
		writeFileSync(path.join(ctx.dir, 'checker-worker.js'), checkerWorkerSource);
		const { serveTwoCheckers } = await ctx.import('theatre.ts');
		const stamped: unknown[] = [];
		for (const [i, { vip, regular }] of calls(ctx.seed).entries()) {
			ctx.mark(`called ${i + 1}`);
			stamped.push(await serveTwoCheckers(vip, regular));
			ctx.mark(`returned ${i + 1}`);
		}
		ctx.report('stamps', stamped);
	},
	checks: [
		checks.equal('every-ticket-once', 'checks every ticket exactly once, each queue in order', 'stamps', (run) =>
			calls(run.seed).map(({ vip, regular }) => ({ vip: vip.map((t) => stampOf(run.seed, t)), regular: regular.map((t) => stampOf(run.seed, t)) })),
		),
		checks.custom('workers', 'two checkers per call: 2 worker threads, both from checker-worker.ts', (run) => {
			for (const w of windows(run)) {
				if (w.to === Infinity) return `${describe(w)} never resolved`;
				if (w.workers.length !== 2) {
					return `${describe(w)} started ${w.workers.length} worker${w.workers.length === 1 ? '' : 's'}; expected exactly 2, one per queue`;
				}
				const other = w.files.find((file) => file !== 'checker-worker.js');
				if (w.files.length !== 2 || other !== undefined) {
					return `${describe(w)} started a worker from ${other ? `"${other}"` : 'code given inline (eval)'}; both checkers must run checker-worker.ts`;
				}
			}
			const total = run.trace.workers.started;
			return total === 4 || `started ${total} workers in all; expected 2 per call, 4 in all`;
		}, { hint: 1 }),
		checks.custom('main-thread-idle', 'the main thread leaves the checking to the workers', (run) => {
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			if (!main) return 'the main thread was not observed';
			const seen: string[] = [];
			for (const w of windows(run)) {
				if (w.to === Infinity) return `${describe(w)} never resolved`;
				const lanes = run.trace.lanes.filter((lane) => lane.threadId !== undefined && w.workers.includes(lane.threadId));
				const workerCpu = Math.round(lanes.reduce((sum, lane) => sum + lane.cpuMs, 0));
				const allowance = mainAllowanceMs(workerCpu / (w.queues.vip.length + w.queues.regular.length));
				const used = cpuWithin(run, main, w.from, w.to, allowance, (ms) => `during ${describe(w)}, the main thread used ${ms} ms of CPU (allowed: ${allowance} ms; its workers used ${workerCpu} ms): the main thread checked tickets itself or did other work; every stamp must come from the two workers`);
				if (typeof used !== 'number') return used;
				seen.push(`${used} ms`);
			}
			return { status: 'pass', message: `main thread CPU during the calls: ${seen.join(', ')}` };
		}, { observesThreads: true, timing: true }),
		checks.custom('parallelism', 'both checkers of each call use a core at the same time', (run) => {
			const found: string[] = [];
			for (const w of windows(run)) {
				if (w.to === Infinity) return `${describe(w)} never resolved`;
				const lanes = run.trace.lanes.filter((lane) => lane.threadId !== undefined && w.workers.includes(lane.threadId));
				if (run.trace.cores < 2) {
					const [a, b] = w.workers.map((id) => lifetime(run, id));
					if (!a || !b || !(a[0] < b[1] && b[0] < a[1])) return `only 1 core here, and the two workers of ${describe(w)} were never alive at the same time`;
					found.push('alive together (1 core)');
					continue;
				}
				const overlap = Math.max(overlapMs(lanes, 2), runnableOverlapMs(lanes, 2));
				const cpus = lanes.map((lane) => Math.round(lane.cpuMs)).join(' and ');
				if (overlap < PARALLEL_NEED_MS) {
					const shortfall = `in ${describe(w)}, the two workers (CPU ${cpus || 'none'} ms) were busy at the same time for only ${overlap} ms; ${PARALLEL_NEED_MS} ms is needed`;
					// The machine is to blame only when it was busy, both workers were started long enough before either
					// ended, the time the sampler missed or saw both wanting a core while one was still starting can
					// hold what is missing, and it never saw one wait.
					const f = fairness(run);
					const seen = aliveTogether(run, w.workers);
					if (f.busy && seen.aliveMs >= PARALLEL_NEED_MS && seen.unseenMs + seen.startingMs >= PARALLEL_NEED_MS - overlap && seen.apartMs < PARALLEL_NEED_MS / 2) {
						const starved = seen.startingMs > 0 ? `; for ${seen.startingMs} ms of it both wanted a core while one was still starting` : '';
						return inconclusive(f.evidence, `${shortfall}; both were started ${seen.aliveMs} ms before the first ended, and the grader could look at both for only ${seen.aliveMs - seen.unseenMs} ms of it${starved}`);
					}
					return `${shortfall}: start both before waiting for either`;
				}
				found.push(`${overlap} ms`);
			}
			return { status: 'pass', message: `both workers busy at the same time for ${found.join(' and ')} (needed: ${PARALLEL_NEED_MS} ms each call)` };
		}, { observesThreads: true, hint: 0, timing: true }),
		checks.custom('exited-before-return', 'both workers exit by themselves (code 0) before the promise resolves', (run) => {
			for (const w of windows(run)) {
				if (w.to === Infinity) return `${describe(w)} never resolved`;
				for (const id of w.workers) {
					const exit = run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === id);
					const terminated = run.trace.events.some((e) => e.type === 'worker-terminate' && e.threadId === id);
					if (exit?.type !== 'worker-exit' || exit.t > w.to) {
						return `in ${describe(w)}, worker ${id} was still running when your promise resolved${exit ? ` (it exited ${Math.round(exit.t - w.to)} ms later)` : ''}: resolve after each worker's 'exit' event, not on its message`;
					}
					if (exit.code !== 0) {
						return `in ${describe(w)}, worker ${id} exited with code ${exit.code}${terminated ? ' because you called terminate()' : ''}; a checker exits by itself, with code 0, after posting its stamps`;
					}
				}
			}
			return true;
		}),
	],
});
