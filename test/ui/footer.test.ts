// Footers fit the width by whole entries, never cut (issue 18, item 13h).
import { describe, expect, it } from 'vitest';
import { fitFooter } from '../../source/ui/footer.js';

const exerciseKeys = 'e edit · Enter verify · h hint · t timeline · r reset · s solution · n p next/prev · ? help';
const lessonKeys = '↑↓ choose · Enter open · Tab text · q back · ? help';
const status = 'lines 21–40 of 143 · 27%';

function check(keys: string, width: number) {
	const rows = fitFooter(keys, status, width);
	for (const row of rows) {
		expect(row.keys.length + (row.status ? row.status.length + 1 : 0)).toBeLessThanOrEqual(width);
		expect(row.keys).not.toContain('…');
		for (const entry of row.keys.split(' · ')) expect(keys.split(' · ').concat('? more keys')).toContain(entry);
	}
	return rows;
}

describe('footer', () => {
	it('keeps everything when it fits', () => {
		expect(fitFooter(lessonKeys, status, 98)).toEqual([{ keys: lessonKeys, status }]);
	});

	it('shortens the status before it leaves out a key (100 columns)', () => {
		expect(check(exerciseKeys, 98)).toEqual([{ keys: exerciseKeys, status: '27%' }]);
	});

	it('leaves out whole keys from the end, pointing to ? for the rest (60 columns)', () => {
		const [row] = check(exerciseKeys, 58);
		expect(row!.keys).toMatch(/^e edit · Enter verify · .* · \? more keys$/);
		expect(row!.status).toBe('27%');
		check(lessonKeys, 38);
	});

	it('wraps whole words when even one entry is too wide', () => {
		const keys = 'a-very-long-entry-without-room · ? help';
		const rows = fitFooter(keys, status, 12);
		for (const row of rows) expect(row.keys.length).toBeLessThanOrEqual(12);
		expect(rows.map((row) => row.keys).join('').replace(/ /g, '')).toBe(keys.replace(/ /g, ''));
	});
});
