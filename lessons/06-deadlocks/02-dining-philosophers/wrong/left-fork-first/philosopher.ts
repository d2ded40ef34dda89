// Wrong: every philosopher picks up the left fork, then the right. If all five sit down at once, all
// five hold their left fork and wait for the right one, which their neighbour holds: a cycle of five.
import type { Fork } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	for (let meal = 0; meal < meals; meal++) {
		left.pickUp();
		right.pickUp();
		eat();
		right.putDown();
		left.putDown();
	}
}
