// Wrong: locks `from`, then `to`. A transfer 1→2 and a transfer 2→1 at the same time: one holds
// account 1 and waits for 2, the other holds 2 and waits for 1. Neither ever lets go: deadlock.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	if (from === to) return true;
	locks[from]!.lock();
	locks[to]!.lock();
	try {
		if (balances[from]! < amount) return false;
		balances[from] = balances[from]! - amount;
		balances[to] = balances[to]! + amount;
		return true;
	} finally {
		locks[to]!.unlock();
		locks[from]!.unlock();
	}
}
