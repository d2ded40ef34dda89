// The pager's key map and arithmetic, free of React so they are tested directly.

export type PagerMove = 'line-down' | 'line-up' | 'page-down' | 'page-up' | 'top' | 'bottom';

/** The subset of Ink's Key that the pager reads. */
export interface PagerKey {
	upArrow?: boolean;
	downArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	ctrl?: boolean;
	meta?: boolean;
}

/** ↑/↓ and j/k by line, space/b and PgDn/PgUp by page, g/G and Home/End to the ends. */
export function pagerMove(input: string, key: PagerKey): PagerMove | undefined {
	if (key.ctrl || key.meta) return undefined;
	if (key.downArrow || input === 'j') return 'line-down';
	if (key.upArrow || input === 'k') return 'line-up';
	if (key.pageDown || input === ' ') return 'page-down';
	if (key.pageUp || input === 'b') return 'page-up';
	if (key.home || input === 'g') return 'top';
	if (key.end || input === 'G') return 'bottom';
	return undefined;
}

export function maxOffset(total: number, height: number): number {
	return Math.max(0, total - Math.max(1, height));
}

export function clampOffset(offset: number, total: number, height: number): number {
	return Math.min(Math.max(0, offset), maxOffset(total, height));
}

/** The new first visible line. A page keeps one line of the previous page for context. */
export function applyMove(offset: number, move: PagerMove, total: number, height: number): number {
	const page = Math.max(1, height - 1);
	const next = {
		'line-down': offset + 1,
		'line-up': offset - 1,
		'page-down': offset + page,
		'page-up': offset - page,
		top: 0,
		bottom: Number.POSITIVE_INFINITY,
	}[move];
	return clampOffset(next, total, height);
}

/** "lines 21–40 of 143 · 27%": where the learner is, in words rather than a scrollbar alone. */
export function pagerStatus(offset: number, total: number, height: number): string {
	if (total <= height) return 'all shown';
	const first = offset + 1;
	const last = Math.min(total, offset + height);
	const percent = Math.round((last / total) * 100);
	return `lines ${first}–${last} of ${total} · ${last >= total ? 'end' : `${percent}%`}`;
}

/**
 * The offset nearest to `offset` that shows rows `start` to `end` (exclusive); when they do not all
 * fit, their start wins. Used to keep something in view (a list with focus, a hint just shown).
 */
export function offsetShowing(offset: number, start: number, end: number, height: number): number {
	return Math.max(0, Math.min(start, Math.max(offset, end - Math.max(1, height))));
}
