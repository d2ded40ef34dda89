import type { Fork } from './table.js';

/**
 * One philosopher's dinner: eat `meals` times. Before each meal hold both forks (`left` and
 * `right`), call `eat()`, then put both down. Four other philosophers do the same at the same time,
 * each sharing one fork with each neighbour.
 */
export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	// Resource ordering: always pick up the lower-numbered fork first. Four philosophers start with
	// their left fork, but the last one (seat 4: forks 4 and 0) starts with its right, fork 0. So
	// the five can never each hold one fork and wait for the next: the cycle is broken.
	const [first, second] = left.id < right.id ? [left, right] : [right, left];
	for (let meal = 0; meal < meals; meal++) {
		first.pickUp();
		second.pickUp();
		try {
			eat();
		} finally {
			second.putDown();
			first.putDown();
		}
	}
}
