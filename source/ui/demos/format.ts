// Text helpers shared by the demo screens. Every state is a word or a glyph, never a colour alone.

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
 * Word-wraps plain text to `width` columns. The screens lay out their own rows so they know exactly
 * how many a message takes, and no row starts with the space a break left behind.
 */
export function wrapWords(text: string, width: number): string[] {
	const rows: string[] = [];
	let row = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (row === '') row = word;
		else if (row.length + 1 + word.length <= width) row += ` ${word}`;
		else {
			rows.push(row);
			row = word;
		}
		while (row.length > width) {
			rows.push(row.slice(0, width));
			row = row.slice(width);
		}
	}
	if (row !== '') rows.push(row);
	return rows;
}

/** `text` as rows of at most `width` columns, each a Text that never wraps again. */
export function paragraph(text: string, width: number): { key: number; row: string }[] {
	return wrapWords(text, Math.max(10, width)).map((row, key) => ({ key, row }));
}
