// A plain backtracking sudoku solver, like the one in the chapter: you do not need to change this file.
//
// A puzzle is 81 characters, row by row: '1'-'9' for a given digit, '0' or '.' for an empty cell.
// The solver fills the empty cells in order, trying 1-9 in each, and backs up when a cell has no
// digit left. Simple, and slow enough on purpose: each puzzle here takes it a few milliseconds.

const boxOf = (cell: number) => Math.floor(cell / 27) * 3 + Math.floor((cell % 9) / 3);

/** The solution (81 digits), or null when the puzzle has none. */
export function solve(puzzle: string): string | null {
	const grid = new Int8Array(81);
	const rows = new Int32Array(9);
	const cols = new Int32Array(9);
	const boxes = new Int32Array(9);
	for (let cell = 0; cell < 81; cell++) {
		const digit = puzzle.charCodeAt(cell) - 48;
		if (digit < 1 || digit > 9) continue;
		const bit = 1 << digit;
		const [r, c, b] = [Math.floor(cell / 9), cell % 9, boxOf(cell)];
		if ((rows[r]! | cols[c]! | boxes[b]!) & bit) return null; // two equal digits in one unit
		grid[cell] = digit;
		rows[r]! |= bit;
		cols[c]! |= bit;
		boxes[b]! |= bit;
	}
	const empty: number[] = [];
	for (let cell = 0; cell < 81; cell++) if (grid[cell] === 0) empty.push(cell);

	const fill = (k: number): boolean => {
		if (k === empty.length) return true;
		const cell = empty[k]!;
		const [r, c, b] = [Math.floor(cell / 9), cell % 9, boxOf(cell)];
		const used = rows[r]! | cols[c]! | boxes[b]!;
		for (let digit = 1; digit <= 9; digit++) {
			const bit = 1 << digit;
			if (used & bit) continue;
			grid[cell] = digit;
			rows[r]! |= bit;
			cols[c]! |= bit;
			boxes[b]! |= bit;
			if (fill(k + 1)) return true;
			rows[r]! &= ~bit;
			cols[c]! &= ~bit;
			boxes[b]! &= ~bit;
		}
		grid[cell] = 0;
		return false;
	};
	return fill(0) ? grid.join('') : null;
}
