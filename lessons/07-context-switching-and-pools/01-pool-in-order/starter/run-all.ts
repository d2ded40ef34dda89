// Run every task on a fixed set of `size` workers (task-worker.ts), reusing them,
// and return the answers in the same order as `inputs`.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	throw new Error('not written yet');
}
