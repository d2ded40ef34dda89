// Wrong: the lock order is right (lower account first), but a transfer from an account to itself
// locks the same Mutex twice. The lab Mutex is not re-entrant: the second lock() waits for the
// first, which this same thread holds. A deadlock with only one thread in it.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	const first = locks[Math.min(from, to)]!;
	const second = locks[Math.max(from, to)]!;
	first.lock();
	second.lock();
	try {
		if (balances[from]! < amount) return false;
		balances[from] = balances[from]! - amount;
		balances[to] = balances[to]! + amount;
		return true;
	} finally {
		second.unlock();
		first.unlock();
	}
}
