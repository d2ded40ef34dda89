// How long a class will take: each exercise's last measured time per cell (kept in the grader's cache,
// updated as cells are graded), with cells that run together divided among the jobs and timing-sensitive
// ones, which run alone, added in full. Before anything was measured, a cell is taken to need 2 s.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../grader/transform.js';

const UNMEASURED_MS = 2000;

export type CellTimes = Record<string, number>;

function file(): string {
	return path.join(cacheDir(), 'cell-times.json');
}

export function loadCellTimes(): CellTimes {
	try {
		const times = JSON.parse(readFileSync(file(), 'utf8')) as CellTimes;
		return typeof times === 'object' && times !== null ? times : {};
	} catch {
		return {};
	}
}

/** Remembers a graded cell's time: a moving average, so one slow cell moves the estimate only a little. */
export function noteCellTime(times: CellTimes, exercise: string, ms: number): void {
	if (!(ms > 0)) return;
	const before = times[exercise];
	times[exercise] = before === undefined ? ms : Math.round(before * 0.7 + ms * 0.3);
}

export function saveCellTimes(times: CellTimes): void {
	try {
		writeFileSync(file(), JSON.stringify(times), { mode: 0o600 });
	} catch {
		// an estimate is a courtesy: never a reason to fail a grade
	}
}

/** Wall time, ms, for these cells with `jobs` at once; `exclusive` cells run alone. */
export function estimateMs(cells: Array<{ exercise: string; exclusive: boolean }>, jobs: number, times: CellTimes): number {
	let shared = 0;
	let alone = 0;
	for (const cell of cells) {
		const ms = times[cell.exercise] ?? UNMEASURED_MS;
		if (cell.exclusive) alone += ms;
		else shared += ms;
	}
	return alone + shared / Math.max(1, jobs);
}

/** "45 s", "3 min", "1 h 20 min": a person's rounding of a duration. */
export function roughly(ms: number): string {
	const seconds = Math.max(1, Math.round(ms / 1000));
	if (seconds < 90) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 90) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
