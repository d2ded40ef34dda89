// Counts the primes below workerData.limit, posts the count, and exits. You do not need to change it.
import { parentPort, workerData } from 'node:worker_threads';

function countPrimes(limit: number): number {
	const composite = new Uint8Array(limit);
	let count = 0;
	for (let n = 2; n < limit; n++) {
		if (composite[n]) continue;
		count++;
		for (let m = n * n; m < limit; m += n) composite[m] = 1;
	}
	return count;
}

const { limit } = workerData as { limit: number };
parentPort!.postMessage(countPrimes(limit));
