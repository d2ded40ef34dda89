// Wrong, and gaming the measurement: a worker from count-worker.ts burns a core so that the threads
// look busy, while the main thread works the count out with a quick sieve of its own, in chunks so
// the event loop stays responsive. The count never comes from the worker.
import { Worker } from 'node:worker_threads';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function sieveCount(limit: number): Promise<number> {
	const composite = new Uint8Array(limit);
	let count = 0;
	for (let n = 2; n < limit; n++) {
		if (n % 200_000 === 0) await nextTurn();
		if (composite[n]) continue;
		count++;
		for (let m = n * n; m < limit; m += n) composite[m] = 1;
	}
	return count;
}

export function countPrimesInWorker(limit: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: limit });
		let count: number | undefined;
		sieveCount(limit).then((n) => (count = n), reject);
		worker.once('error', reject);
		worker.once('exit', (code) => (code === 0 ? resolve(count!) : reject(new Error(`exit code ${code}`))));
	});
}
