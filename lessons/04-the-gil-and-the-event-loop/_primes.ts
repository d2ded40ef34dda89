// Shared by the checks of lesson 4. The grader swaps the exercise's primes.ts for its own copy: the same
// isPrime and countPrimes the learner read, which also count how many numbers they tested on each thread
// and, on a worker thread, tell the grader (on a BroadcastChannel the solution does not use) which range
// each countPrimes call counted. Optionally, a negative limit makes the counting fail on purpose, so that
// the grader can see what the solution does with a worker that fails.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxContext } from 'conc-tutor/kit';

/** One countPrimes call made on a worker thread. */
export interface RangeCounted {
	threadId: number;
	from: number;
	to: number;
	/** Set when this call is about to fail on purpose (it counted nothing). */
	failing?: boolean;
}

/** A limit that makes the grader's countPrimes throw (the worker fails with an 'error' event). */
export const THROWING_LIMIT = -1;
/** A limit that makes the grader's countPrimes end its worker with exit code 3, without an 'error' event. */
export const EXITING_LIMIT = -3;

/**
 * Writes the grader's primes.js over the compiled one in the run folder (before the solution imports it)
 * and listens to its workers. `failures`: negative limits fail on purpose (see above).
 */
export function installPrimes(ctx: SandboxContext, options: { failures?: boolean } = {}) {
	const channel = `conc-tutor-primes-${ctx.seed}-${Math.floor(ctx.random() * 1e9)}`;
	const source = `// The grader's copy of primes.ts: the same functions, counting what they test for the grader.
import { isMainThread, threadId } from 'node:worker_threads';
const log = isMainThread ? undefined : new BroadcastChannel(${JSON.stringify(channel)});
log?.unref();
let tested = 0;

function prime(n) {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let d = 3; d * d <= n; d += 2) {
		if (n % d === 0) return false;
	}
	return true;
}

export function isPrime(n) {
	tested++;
	return prime(n);
}

export function countPrimes(from, to) {
	${
		options.failures
			? `if (to === ${THROWING_LIMIT} || to === ${EXITING_LIMIT}) log?.postMessage({ threadId, from, to, failing: true });
	if (to === ${THROWING_LIMIT}) throw new RangeError('countPrimes: limit ${THROWING_LIMIT} refused (the grader makes this worker fail on purpose)');
	if (to === ${EXITING_LIMIT}) process.exit(3);`
			: ''
	}
	let count = 0;
	for (let n = from; n < to; n++) {
		if (prime(n)) count++;
	}
	tested += Math.max(0, to - from);
	log?.postMessage({ threadId, from, to });
	return count;
}

/** Numbers tested by isPrime and countPrimes on this thread so far. */
export function testedOnThisThread() {
	return tested;
}
`;
	writeFileSync(path.join(ctx.dir, 'primes.js'), source);
	const counted: RangeCounted[] = [];
	const listener = new BroadcastChannel(channel);
	listener.onmessage = (event: MessageEvent) => counted.push(event.data as RangeCounted);
	return {
		/** Ranges counted on worker threads, as they arrive. */
		counted,
		/** Numbers tested on the main thread so far. */
		async testedOnMain(): Promise<number> {
			const primes = (await ctx.import('primes.ts')) as { testedOnThisThread(): number };
			return primes.testedOnThisThread();
		},
		close() {
			listener.close();
		},
	};
}

/** The number of primes below each limit, by one sieve up to the largest (a different method from the learner's). */
export function primesBelow(limits: readonly number[]): number[] {
	const top = Math.max(2, ...limits);
	const composite = new Uint8Array(top);
	const below = new Uint32Array(top + 1);
	for (let n = 2; n < top; n++) {
		below[n + 1] = below[n]! + (composite[n] ? 0 : 1);
		if (composite[n] || n * n >= top) continue;
		for (let m = n * n; m < top; m += n) composite[m] = 1;
	}
	return limits.map((limit) => (limit <= 2 ? 0 : below[limit]!));
}

/** True when n is prime (trial division: the grader only tests a few numbers with it). */
export function isPrimeNumber(n: number): boolean {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
	return true;
}

/** A small seeded generator (LCG) for the grader's plans: the same seed, the same numbers in the sandbox and in the grader. */
export function seeded(seed: number, salt: number): (n: number) => number {
	let state = (Math.imul(seed, 2654435761) + salt) >>> 0;
	return (n) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
}
