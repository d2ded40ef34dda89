// Wrong: the worker counts only the lower half; the main thread counts the upper half itself, in
// chunks so that the event loop stays responsive. The answer is right, but the main thread did half
// the work: nothing was offloaded for that half.
import { Worker } from 'node:worker_threads';
import { countPrimes } from './primes.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function countOnMain(from: number, to: number): Promise<number> {
	let count = 0;
	for (let start = from; start < to; start += 50_000) {
		count += countPrimes(start, Math.min(to, start + 50_000));
		await nextTurn();
	}
	return count;
}

export function countPrimesInWorker(limit: number): Promise<number> {
	const half = Math.floor(limit / 2);
	const lower = new Promise<number>((resolve, reject) => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: half });
		let count = 0;
		worker.once('message', (answer: number) => (count = answer));
		worker.once('error', reject);
		worker.once('exit', (code) => (code === 0 ? resolve(count) : reject(new Error(`exit code ${code}`))));
	});
	return Promise.all([lower, countOnMain(half, limit)]).then(([a, b]) => a + b);
}
