// Wrong: it can never deadlock (it only ever tries, and puts down what it holds), but when a fork is
// busy it skips that meal instead of trying again later. Some philosophers go home hungry.
import type { Fork } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	for (let meal = 0; meal < meals; meal++) {
		if (!left.tryPickUp()) continue;
		if (!right.tryPickUp()) {
			left.putDown();
			continue;
		}
		eat();
		right.putDown();
		left.putDown();
	}
}
