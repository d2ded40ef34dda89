// Run primes-worker.ts in a worker thread and return what it computed, plus the worker's threadId.

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export async function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	throw new Error('not written yet');
}
