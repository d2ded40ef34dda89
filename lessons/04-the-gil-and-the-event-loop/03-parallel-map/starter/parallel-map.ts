import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './map-worker.js';

/** A range of numbers [from, to). */
export type Range = [from: number, to: number];

/**
 * Counts the primes in every range, using `size` workers (map-worker.ts) at the same time.
 * Resolves with one count per range, in the same order as `ranges`.
 */
export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	throw new Error('not written yet');
}
