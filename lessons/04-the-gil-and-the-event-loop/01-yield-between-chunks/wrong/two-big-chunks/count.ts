// Wrong: it does yield with setImmediate, but only between two halves of the range. Each half runs
// for hundreds of milliseconds without a break, and timers and I/O wait that long.
import { countPrimes } from './primes.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function countPrimesBelow(limit: number): Promise<number> {
	const half = Math.ceil(limit / 2);
	let count = countPrimes(0, half);
	await nextTurn();
	count += countPrimes(half, limit);
	await nextTurn();
	return count;
}
