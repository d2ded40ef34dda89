// Wrong: never holds two forks at once, so it can never wait for one while holding the other — the
// deadlock detector sees no cycle. But it touches the left fork and puts it down before taking the
// right one, and eats holding only that one: its neighbour may be eating with the same left fork.
import type { Fork } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	void seat;
	for (let meal = 0; meal < meals; meal++) {
		left.pickUp();
		left.putDown();
		right.pickUp();
		try {
			eat();
		} finally {
			right.putDown();
		}
	}
}
