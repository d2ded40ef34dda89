// Markdown tables laid out for the terminal's width. A table as wide as its content (what
// marked-terminal draws) breaks into fragments at 80 columns; here columns shrink and their cells
// wrap by word, and a table that cannot fit even so is shown as one block of "header: value" lines
// per row. Cells arrive already styled; widths ignore the escape sequences.
import { visibleWidth, wrapLine } from './wrap.js';

/** Narrowest a shrunk column gets (unless its content is narrower). */
const MIN_COLUMN = 8;

function pad(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * Column widths that fit `room` columns of content, or undefined when even the narrowest do not. A
 * column never gets narrower than its longest word (`words`), so an identifier is never cut in two.
 */
export function fitColumns(natural: number[], room: number, words: number[] = []): number[] | undefined {
	const total = natural.reduce((sum, width) => sum + width, 0);
	if (total <= room) return natural;
	const floors = natural.map((width, index) => Math.min(width, Math.max(MIN_COLUMN, words[index] ?? 0)));
	if (floors.reduce((sum, width) => sum + width, 0) > room) return undefined;
	// Share the room fairly: columns that need less than a fair share keep their width, the rest
	// split what is left, repeatedly.
	const widths = [...floors];
	let open = natural.map((_, index) => index).filter((index) => natural[index]! > floors[index]!);
	let left = room - widths.reduce((sum, width) => sum + width, 0);
	while (left > 0 && open.length > 0) {
		const share = Math.max(1, Math.floor(left / open.length));
		for (const index of open) {
			const give = Math.min(share, natural[index]! - widths[index]!, left);
			widths[index]! += give;
			left -= give;
		}
		open = open.filter((index) => widths[index]! < natural[index]!);
	}
	return widths;
}

function grid(header: string[], rows: string[][], widths: number[]): string[] {
	const rule = (left: string, middle: string, right: string) => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
	const lines: string[] = [rule('┌', '┬', '┐')];
	const wrapped = (cells: string[]) => cells.map((cell, index) => wrapLine(cell, widths[index]!));
	const allRows = [header, ...rows].map(wrapped);
	// Row rules only when some cell wrapped: otherwise a rule under the header is enough to read it.
	const ruleEveryRow = allRows.some((cells) => cells.some((cell) => cell.length > 1));
	for (const [rowIndex, cells] of allRows.entries()) {
		const height = Math.max(...cells.map((cell) => cell.length));
		for (let line = 0; line < height; line++) {
			lines.push(`│ ${cells.map((cell, index) => pad(cell[line] ?? '', widths[index]!)).join(' │ ')} │`);
		}
		if (rowIndex === allRows.length - 1) break;
		if (rowIndex === 0 || ruleEveryRow) lines.push(rule('├', '┼', '┤'));
	}
	lines.push(rule('└', '┴', '┘'));
	return lines;
}

function records(header: string[], rows: string[][], width: number): string[] {
	const lines: string[] = [];
	for (const [index, cells] of rows.entries()) {
		if (index > 0) lines.push('');
		for (const [column, cell] of cells.entries()) {
			// A column without a header (a row's title) is shown as itself, not as ": title".
			const label = header[column] ? `${header[column]}: ` : '';
			lines.push(...wrapLine(`${label}${cell}`, width, Math.min(visibleWidth(label), 4)));
		}
	}
	return lines;
}

/** Lines of a table no wider than `width`. */
export function renderTable(header: string[], rows: string[][], width: number): string[] {
	const columns = header.length;
	const natural = header.map((cell, index) => Math.max(1, visibleWidth(cell), ...rows.map((row) => visibleWidth(row[index] ?? ''))));
	// "│ " + " │ " between columns + " │": three columns of border per column, plus one.
	const longestWord = (cell: string) => Math.max(0, ...cell.split(' ').map(visibleWidth));
	const words = header.map((cell, index) => Math.max(longestWord(cell), ...rows.map((row) => longestWord(row[index] ?? ''))));
	const widths = fitColumns(natural, width - (3 * columns + 1), words);
	return widths ? grid(header, rows, widths) : records(header, rows, width);
}
