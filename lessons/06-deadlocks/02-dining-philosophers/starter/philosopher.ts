import type { Fork } from './table.js';

/**
 * One philosopher's dinner: eat `meals` times. Before each meal hold both forks (`left` and
 * `right`), call `eat()`, then put both down. Four other philosophers do the same at the same time,
 * each sharing one fork with each neighbour.
 */
export function dine(seat: number, left: Fork, right: Fork, meals: number, eat: () => void): void {
	throw new Error('not written yet');
}
