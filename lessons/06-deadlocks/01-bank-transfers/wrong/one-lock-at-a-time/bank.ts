// Wrong: it never holds two locks, so it cannot deadlock: it takes the money out under one account's
// lock, lets go, and puts it in under the other's. Every change is made under the right lock, but
// between the two steps the money is in neither account: a transfer is no longer one step.
import type { Mutex } from './lab/mutex.js';

/**
 * Moves `amount` from account `from` to account `to`, if `from` holds at least that much.
 * balances[i] is account i's balance (shared memory); locks[i] guards account i.
 * Returns true if the money moved, false if `from` had too little (then nothing changes).
 * Several threads call this at the same time, with any pair of accounts — sometimes from === to.
 */
export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	// A deadlock needs a thread that holds one lock while it waits for another. So never hold two:
	// step 1 withdraws under `from`'s lock, step 2 deposits under `to`'s lock.
	let paid = false;
	const source = locks[from]!;
	source.lock();
	try {
		paid = balances[from]! >= amount;
		if (paid && from !== to) balances[from] = balances[from]! - amount;
	} finally {
		source.unlock();
	}
	if (from === to) return paid; // one account: nothing moves
	const target = locks[to]!;
	target.lock();
	try {
		if (paid) balances[to] = balances[to]! + amount;
	} finally {
		target.unlock();
	}
	return paid;
}
