// Hard-wraps lines that hold ANSI styling to a width. marked-terminal reflows paragraphs but not code,
// and the pager must know exactly how many rows each line takes so the screen never outgrows the
// terminal. Styles open at a break are closed and re-opened on the next row. wrap-ansi is not used
// for the breaking: it re-opens only the last SGR code at a break (bold under a colour would be lost)
// and has no hanging indent; string-width measures.
import stringWidth from 'string-width';

// SGR (colour/bold) sequences and OSC 8 hyperlinks: zero-width.
const ESCAPE = /\u001B\[[0-9;]*m|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/y;
const RESET = '\u001B[0m';

/** SGR parameter → the attribute it sets (a later code for the same attribute replaces it). */
function attributeOf(code: number): string | undefined {
	if ((code >= 30 && code <= 38) || (code >= 90 && code <= 97)) return 'fg';
	if ((code >= 40 && code <= 48) || (code >= 100 && code <= 107)) return 'bg';
	return { 1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 7: 'inverse', 8: 'hidden', 9: 'strike' }[code];
}

/** SGR parameter → the attributes it switches off. */
const closes: Record<number, string[]> = {
	22: ['bold', 'dim'],
	23: ['italic'],
	24: ['underline'],
	27: ['inverse'],
	28: ['hidden'],
	29: ['strike'],
	39: ['fg'],
	49: ['bg'],
};

/**
 * The styles in effect after an SGR sequence, as one sequence per attribute, so a row can reopen
 * exactly the styles a break cut through (and nothing that was already closed).
 */
function applySgr(active: Map<string, string>, sequence: string): void {
	const params = sequence.slice(2, -1).split(';').map((part) => (part === '' ? 0 : Number(part)));
	for (let i = 0; i < params.length; i++) {
		const code = params[i]!;
		if (code === 0) {
			active.clear();
			continue;
		}
		const off = closes[code];
		if (off) {
			for (const attribute of off) active.delete(attribute);
			continue;
		}
		const attribute = attributeOf(code);
		if (!attribute) continue;
		// 38;5;n and 38;2;r;g;b (and 48;...) carry their colour in the following parameters.
		const extra = code === 38 || code === 48 ? (params[i + 1] === 5 ? 2 : params[i + 1] === 2 ? 4 : 0) : 0;
		active.set(attribute, `\u001B[${params.slice(i, i + 1 + extra).join(';')}m`);
		i += extra;
	}
}

/** Visible width of a line: escape sequences take none, wide characters two. */
export const visibleWidth: (line: string) => number = stringWidth;

/**
 * Splits one line (no newlines) into rows of at most `width` columns, at the last space of a row
 * when there is one (the space is dropped), else in the middle of the word. Rows after the first
 * start with `hang` spaces, so a wrapped line of an indented code block stays inside the block.
 */
export function wrapLine(line: string, width: number, hang = 0): string[] {
	if (width < 1 || visibleWidth(line) <= width) return [line];
	const indent = ' '.repeat(Math.max(0, Math.min(hang, Math.floor(width / 2))));
	const rows: string[] = [];
	let row = '';
	let rowWidth = 0;
	const styles = new Map<string, string>(); // in effect now, replayed at the start of each new row
	const current = () => [...styles.values()].join('');
	// The last space in the row: where it is in `row`, the width before it, and the styles at that point.
	let space: { index: number; width: number; active: string } | undefined;
	const close = (text: string, active: string) => (active ? text + RESET : text);
	for (let i = 0; i < line.length; ) {
		ESCAPE.lastIndex = i;
		const sequence = ESCAPE.exec(line);
		if (sequence) {
			row += sequence[0];
			if (sequence[0].endsWith('m')) applySgr(styles, sequence[0]);
			i += sequence[0].length;
			continue;
		}
		const codePoint = line.codePointAt(i)!;
		const char = String.fromCodePoint(codePoint);
		const charWidth = stringWidth(char);
		i += char.length;
		if (rowWidth + charWidth > width) {
			const active = current();
			if (char === ' ') {
				// The break falls on a space: it ends the row and is not carried over.
				rows.push(close(row, active));
				row = active + indent;
				rowWidth = indent.length;
				space = undefined;
				continue;
			}
			if (space && space.width > indent.length) {
				rows.push(close(row.slice(0, space.index), space.active));
				row = space.active + indent + row.slice(space.index + 1);
				rowWidth += indent.length - space.width - 1;
			} else {
				rows.push(close(row, active));
				row = active + indent;
				rowWidth = indent.length;
			}
			space = undefined;
		}
		if (char === ' ') space = { index: row.length, width: rowWidth, active: current() };
		row += char;
		rowWidth += charWidth;
	}
	rows.push(row);
	return rows;
}

function leadingSpaces(line: string): number {
	const match = /^ */.exec(line.replace(/\u001B\[[0-9;]*m/g, ''));
	return match ? match[0].length : 0;
}

/** Splits text into rows of at most `width` columns: tabs become spaces, carriage returns go. */
export function wrapText(text: string, width: number): string[] {
	return text
		.replace(/\r/g, '')
		.replace(/\t/g, '    ')
		.split('\n')
		.flatMap((line) => wrapLine(line, width, leadingSpaces(line)));
}
