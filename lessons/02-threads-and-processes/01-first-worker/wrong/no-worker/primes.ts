// WRONG: counts the primes on the main thread. The count is right, but no worker thread ever runs,
// and the "threadId" it returns is the main thread's own (0).
import { threadId } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export async function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	const composite = new Uint8Array(limit);
	let count = 0;
	for (let n = 2; n < limit; n++) {
		if (composite[n]) continue;
		count++;
		for (let m = n * n; m < limit; m += n) composite[m] = 1;
	}
	return { count, threadId };
}
