// Wrong: chunked and responsive, but it counts the limit itself too (`<=`): when the limit is prime,
// the count is one too many. The primes asked for are p < limit.
import { countPrimes } from './primes.js';

const CHUNK = 50_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function countPrimesBelow(limit: number): Promise<number> {
	let count = 0;
	for (let start = 0; start <= limit; start += CHUNK) {
		count += countPrimes(start, Math.min(limit + 1, start + CHUNK));
		await nextTurn();
	}
	return count;
}
