// Wrong: never deadlocks (it takes every lock, always in the same order), but every transfer now
// waits for every other one, even when they touch different accounts: one big lock in disguise.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	for (const lock of locks) lock.lock();
	try {
		if (balances[from]! < amount) return false;
		balances[from] = balances[from]! - amount;
		balances[to] = balances[to]! + amount;
		return true;
	} finally {
		for (const lock of [...locks].reverse()) lock.unlock();
	}
}
