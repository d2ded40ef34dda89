// Wrong: Promise.all does not make CPU work parallel. Every countPrimes call runs on the main thread,
// one after another; the async wrappers only change when the results are collected.
import { countPrimes } from './primes.js';

export type Range = [from: number, to: number];

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	return Promise.all(ranges.map(async ([from, to]) => countPrimes(from, to)));
}
