// Wrong: never deadlocks, because it gives up: if the second lock is busy, it releases the first and
// refuses the transfer. But the transfer could have been paid; "busy" is not "too little money".
// Backing off means trying again after a pause, not answering false.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	const first = locks[from]!;
	first.lock();
	try {
		if (from === to) return balances[from]! >= amount;
		const second = locks[to]!;
		if (!second.tryLock(1)) return false;
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
