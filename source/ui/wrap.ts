// Hard-wraps lines that hold ANSI styling to a width. marked-terminal reflows paragraphs but not code,
// and the pager must know exactly how many rows each line takes so the screen never outgrows the
// terminal. Styles open at a break are closed and re-opened on the next row.

// SGR (colour/bold) sequences and OSC 8 hyperlinks: zero-width.
const ESCAPE = /\u001B\[[0-9;]*m|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/y;
const RESET = '\u001B[0m';

/** Columns a code point takes: 2 for East Asian wide characters and most emoji, 0 for combining marks. */
function columns(codePoint: number): number {
	if ((codePoint >= 0x300 && codePoint <= 0x36f) || codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
	if (
		(codePoint >= 0x1100 && codePoint <= 0x115f) ||
		(codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
		(codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
		(codePoint >= 0xf900 && codePoint <= 0xfaff) ||
		(codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
		(codePoint >= 0xff00 && codePoint <= 0xff60) ||
		(codePoint >= 0x1f300 && codePoint <= 0x1faff)
	) {
		return 2;
	}
	return 1;
}

/** Visible width of a line, ignoring escape sequences. */
export function visibleWidth(line: string): number {
	let width = 0;
	for (let i = 0; i < line.length; ) {
		ESCAPE.lastIndex = i;
		const escape = ESCAPE.exec(line);
		if (escape) {
			i += escape[0].length;
			continue;
		}
		const codePoint = line.codePointAt(i)!;
		width += columns(codePoint);
		i += codePoint > 0xffff ? 2 : 1;
	}
	return width;
}

/** Splits one line (no newlines) into rows of at most `width` columns. */
export function wrapLine(line: string, width: number): string[] {
	if (width < 1 || visibleWidth(line) <= width) return [line];
	const rows: string[] = [];
	let row = '';
	let rowWidth = 0;
	let active = ''; // SGR sequences in effect, replayed at the start of each new row
	for (let i = 0; i < line.length; ) {
		ESCAPE.lastIndex = i;
		const escape = ESCAPE.exec(line);
		if (escape) {
			row += escape[0];
			if (escape[0].endsWith('m')) active = escape[0] === RESET || escape[0] === '\u001B[m' ? '' : active + escape[0];
			i += escape[0].length;
			continue;
		}
		const codePoint = line.codePointAt(i)!;
		const char = String.fromCodePoint(codePoint);
		const charWidth = columns(codePoint);
		if (rowWidth + charWidth > width) {
			rows.push(active ? row + RESET : row);
			row = active;
			rowWidth = 0;
		}
		row += char;
		rowWidth += charWidth;
		i += char.length;
	}
	rows.push(row);
	return rows;
}

/** Splits text into rows of at most `width` columns: tabs become spaces, carriage returns go. */
export function wrapText(text: string, width: number): string[] {
	return text
		.replace(/\r/g, '')
		.replace(/\t/g, '    ')
		.split('\n')
		.flatMap((line) => wrapLine(line, width));
}
