// Counting primes the slow way, on purpose: trial division keeps a core busy, which is what this
// lesson needs. You do not need to change this file.

/** True when n is a prime number. Tries every odd divisor up to √n. */
export function isPrime(n: number): boolean {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let d = 3; d * d <= n; d += 2) {
		if (n % d === 0) return false;
	}
	return true;
}

/** How many primes p there are with from ≤ p < to. Runs without a break: a long range blocks its thread. */
export function countPrimes(from: number, to: number): number {
	let count = 0;
	for (let n = from; n < to; n++) {
		if (isPrime(n)) count++;
	}
	return count;
}
