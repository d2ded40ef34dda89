// Wrong: it works in chunks, but "yields" with `await Promise.resolve()`. That only queues a microtask,
// and microtasks run before the event loop moves on: timers and I/O still wait for the whole count.
import { countPrimes } from './primes.js';

const CHUNK = 50_000;

export async function countPrimesBelow(limit: number): Promise<number> {
	let count = 0;
	for (let start = 0; start < limit; start += CHUNK) {
		count += countPrimes(start, Math.min(limit, start + CHUNK));
		await Promise.resolve();
	}
	return count;
}
