// Wrong: checks the balance first, "to avoid locking for nothing", and locks only to move the money.
// Between the check and the lock another teller can empty the account: the check answered for a
// balance that is gone, and the account is overdrawn (or a payable transfer is refused).
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	if (balances[from]! < amount) return false;
	if (from === to) return true;
	const first = locks[Math.min(from, to)]!;
	const second = locks[Math.max(from, to)]!;
	first.lock();
	try {
		second.lock();
		try {
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
