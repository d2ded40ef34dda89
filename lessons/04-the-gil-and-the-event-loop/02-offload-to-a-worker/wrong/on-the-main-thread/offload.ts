// Wrong: returns a Promise, but counts on the main thread before returning it. A Promise is not a
// thread: the event loop is blocked for the whole count, exactly as with a plain function.
import { countPrimes } from './primes.js';

export function countPrimesInWorker(limit: number): Promise<number> {
	return Promise.resolve(countPrimes(0, limit));
}
