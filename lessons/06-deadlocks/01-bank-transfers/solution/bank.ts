import type { Mutex } from './lab/mutex.js';

/**
 * Moves `amount` from account `from` to account `to`, if `from` holds at least that much.
 * balances[i] is account i's balance (shared memory); locks[i] guards account i.
 * Returns true if the money moved, false if `from` had too little (then nothing changes).
 * Several threads call this at the same time, with any pair of accounts — sometimes from === to.
 */
export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	if (from === to) {
		// One account: one lock. Taking the same lock twice would wait for ourselves forever.
		const lock = locks[from]!;
		lock.lock();
		try {
			return balances[from]! >= amount;
		} finally {
			lock.unlock();
		}
	}
	// Every thread takes the two locks in the same global order (lower account first), so no two
	// threads can ever each hold one and wait for the other's: the wait-for graph has no cycle.
	const first = locks[Math.min(from, to)]!;
	const second = locks[Math.max(from, to)]!;
	first.lock();
	try {
		second.lock();
		try {
			if (balances[from]! < amount) return false;
			balances[from] = balances[from]! - amount;
			balances[to] = balances[to]! + amount;
			return true;
		} finally {
			second.unlock();
		}
	} finally {
		first.unlock();
	}
}
