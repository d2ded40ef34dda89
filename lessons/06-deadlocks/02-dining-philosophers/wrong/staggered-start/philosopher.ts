// Wrong: left fork first, as in the deadlock, but each seat sits down a few milliseconds after the
// one before, so the five rarely reach for their forks at the same instant. The cycle is still
// possible; the stagger only makes it rarer (and any delay in one philosopher brings it back).
import type { Fork } from './table.js';
import { sleep } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	sleep(seat * 4);
	for (let meal = 0; meal < meals; meal++) {
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
