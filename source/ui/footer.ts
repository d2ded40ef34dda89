// The footer row of every screen: its keys and its status (the pager's position) in the width there
// is. A key list cut mid-word reads as a fault, so it gives way whole: the status shortens first
// ("lines 21–40 of 143 · 27%" → "27%"), then keys are left out from the end, with "? more keys"
// saying where they are. Free of React so it is tested directly.

const SEPARATOR = ' · ';

export interface FooterRow {
	keys: string;
	status: string;
}

function fits(keys: string, status: string, width: number): boolean {
	return keys.length + (status ? 1 + status.length : 0) <= width;
}

/** Rows of at most `width` columns for `keys` and `status`; one row whenever whole entries allow it. */
export function fitFooter(keys: string, status: string, width: number): FooterRow[] {
	const statuses = [...new Set([status, status.split(SEPARATOR).at(-1) ?? '', ''])];
	for (const shown of statuses) if (fits(keys, shown, width)) return [{ keys, status: shown }];
	const entries = keys.split(SEPARATOR);
	const help = entries.find((entry) => entry.startsWith('?'));
	const others = entries.filter((entry) => entry !== help);
	const more = help ? ['? more keys'] : [];
	for (const shown of statuses.slice(1)) {
		for (let count = others.length - 1; count >= 1; count--) {
			const candidate = [...others.slice(0, count), ...more].join(SEPARATOR);
			if (fits(candidate, shown, width)) return [{ keys: candidate, status: shown }];
		}
	}
	// Narrower than any single entry: the entries go on rows of their own, whole words wrapped.
	const rows: FooterRow[] = [];
	let row = '';
	for (const word of keys.split(' ')) {
		if (row && row.length + 1 + word.length > width) {
			rows.push({ keys: row, status: '' });
			row = '';
		}
		row = row ? `${row} ${word}` : word;
		while (row.length > width) {
			rows.push({ keys: row.slice(0, width), status: '' });
			row = row.slice(width);
		}
	}
	if (row) rows.push({ keys: row, status: '' });
	return rows;
}
