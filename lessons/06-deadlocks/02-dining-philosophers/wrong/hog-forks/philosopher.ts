// Wrong: picks up both forks in a safe order, then eats every meal before putting them down. It never
// deadlocks, but the neighbours wait for the whole dinner instead of one meal: the task asks for both
// forks to go down after each meal.
import type { Fork } from './table.js';

export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	const [first, second] = left.id < right.id ? [left, right] : [right, left];
	first.pickUp();
	second.pickUp();
	try {
		for (let meal = 0; meal < meals; meal++) eat();
	} finally {
		second.putDown();
		first.putDown();
	}
}
