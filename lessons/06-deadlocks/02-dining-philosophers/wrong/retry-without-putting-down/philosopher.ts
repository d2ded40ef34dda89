// Wrong: it uses a try-lock with a timeout for the right fork, but when that fails it keeps holding
// the left fork and tries again. Everyone holds a left fork and retries forever: no one ever backs
// off, so no one ever eats (a deadlock that keeps moving).
import type { Fork } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	for (let meal = 0; meal < meals; meal++) {
		left.pickUp();
		while (!right.tryPickUp(10)) {
			// try again
		}
		eat();
		right.putDown();
		left.putDown();
	}
}
