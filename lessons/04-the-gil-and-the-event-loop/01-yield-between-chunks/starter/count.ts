import { countPrimes } from './primes.js';

/**
 * How many primes there are below `limit`, counted on the main thread without ever blocking it for
 * long: count a chunk, give the event loop a turn, count the next chunk…
 */
export async function countPrimesBelow(limit: number): Promise<number> {
	throw new Error('not written yet');
}
