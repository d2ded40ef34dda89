// Wrong for this exercise: the loop stays responsive (it yields between chunks), but the counting
// still runs on the main thread and still uses the main thread's CPU. No worker ever does the work.
import { countPrimes } from './primes.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function countPrimesInWorker(limit: number): Promise<number> {
	let count = 0;
	for (let start = 0; start < limit; start += 50_000) {
		count += countPrimes(start, Math.min(limit, start + 50_000));
		await nextTurn();
	}
	return count;
}
