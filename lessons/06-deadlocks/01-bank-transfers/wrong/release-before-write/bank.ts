// Wrong: takes both locks in a global order and checks the balance under them, then releases the
// locks and moves the money afterwards. Every lock is taken, as the grader's lock count wants; the
// writes just are not inside them, so another teller can act on balances about to be overwritten.
import type { Mutex } from './lab/mutex.js';

export function transfer(balances: Int32Array, locks: Mutex[], from: number, to: number, amount: number): boolean {
	const first = locks[Math.min(from, to)]!;
	const second = locks[Math.max(from, to)]!;
	first.lock();
	if (from !== to) second.lock();
	const enough = balances[from]! >= amount;
	if (from !== to) second.unlock();
	first.unlock();
	if (enough && from !== to) {
		balances[from] = balances[from]! - amount;
		balances[to] = balances[to]! + amount;
	}
	return enough;
}
