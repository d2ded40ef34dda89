// Wrong: `async` does not move work anywhere. The whole count runs in one go on the main thread, and
// nothing else (timers, I/O, other requests) runs until it is done.
import { countPrimes } from './primes.js';

export async function countPrimesBelow(limit: number): Promise<number> {
	return countPrimes(0, limit);
}
