import type { Mutex } from './lab/mutex.js';

/**
 * Moves `amount` from account `from` to account `to`, if `from` holds at least that much.
 * balances[i] is account i's balance (shared memory); locks[i] guards account i.
 * Returns true if the money moved, false if `from` had too little (then nothing changes).
 * Several threads call this at the same time, with any pair of accounts — sometimes from === to.
 */
export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	throw new Error('not written yet');
}
