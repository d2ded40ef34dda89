// Wrong: left fork first, with a random pause before each meal "so they do not all reach at once".
// Randomness makes the unlucky moment rarer, not impossible: five philosophers can still each hold
// a left fork and wait for the right one.
import type { Fork } from './table.js';
import { sleep } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	for (let meal = 0; meal < meals; meal++) {
		sleep(Math.random() * 5);
		left.pickUp();
		right.pickUp();
		try {
			eat();
		} finally {
			right.putDown();
			left.putDown();
		}
	}
}
