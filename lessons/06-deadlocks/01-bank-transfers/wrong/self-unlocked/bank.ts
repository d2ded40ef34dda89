// Wrong: a transfer to the same account moves nothing, so it skips the lock and just reads. But a
// read without the lock can see another teller's transfer half done; the rule is: every read of an
// account happens while holding its lock.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	if (from === to) return balances[from]! >= amount;
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
