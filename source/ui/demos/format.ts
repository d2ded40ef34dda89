// Text helpers shared by the demo screens. Every state is a word or a glyph, never a colour alone.
import wrapAnsi from 'wrap-ansi';

/** Status glyphs: the same meaning on every demo screen. */
export const glyph = {
	waiting: '·',
	running: '▶',
	done: '✓',
	bad: '✗',
	blocked: '■',
} as const;

export { bar } from '../../cli/style.js';

/** 1234567 → "1,234,567" whatever the learner's locale, so tests and screens agree. */
export function count(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

/** Pads or cuts `text` to exactly `width` columns (the demos' glyphs are all one column wide). */
export function cell(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/**
 * `text` as rows of at most `width` columns, each a Text that never wraps again: the screens lay out
 * their own rows so they know exactly how many a message takes. Runs of white space count as one.
 */
export function paragraph(text: string, width: number): { key: number; row: string }[] {
	const words = text.split(/\s+/).filter(Boolean).join(' ');
	if (words === '') return [];
	return wrapAnsi(words, Math.max(10, width), { hard: true }).split('\n').map((row, key) => ({ key, row }));
}
