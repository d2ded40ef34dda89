// What --resume keeps: the cells of an earlier run with the same --out. They are read from the journal
// that every --out run keeps beside its report (one JSON cell a line, appended as each is graded, so it
// survives Ctrl+C, a crash or kill -9), and from the report itself when it is JSON. CSV, JUnit and
// table reports are for people and CI, and are not parsed back.
import { existsSync, readFileSync } from 'node:fs';
import type { Format } from './formats.js';
import type { Cell, ClassReport } from './grade.js';

export class ResumeError extends Error {}

/** Where a run with `--out out` journals its cells. */
export function journalOf(out: string): string {
	return `${out}.cells.jsonl`;
}

/** The cells already graded for `out`; a later line of the journal replaces an earlier one. */
export function previousCells(out: string, format: Format): Cell[] {
	const journal = journalOf(out);
	if (format === 'json' && existsSync(out)) return [...jsonReportCells(readFileSync(out, 'utf8')), ...journalCells(journal)];
	if (existsSync(out) && !existsSync(journal)) {
		throw new ResumeError(`only a JSON report or the journal beside the report (${journal}) can be resumed, and there is neither`);
	}
	return journalCells(journal);
}

function jsonReportCells(text: string): Cell[] {
	let data: Partial<ClassReport>;
	try {
		data = JSON.parse(text) as Partial<ClassReport>;
	} catch {
		throw new ResumeError('it is not valid JSON');
	}
	if (!Array.isArray(data.cells)) throw new ResumeError('it has no "cells" list');
	return data.cells;
}

/** The journal's cells; a line cut short by a crash is skipped. */
function journalCells(file: string): Cell[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.flatMap((line) => {
			try {
				const cell = JSON.parse(line) as Cell;
				return typeof cell.learner === 'string' && typeof cell.exercise === 'string' ? [cell] : [];
			} catch {
				return [];
			}
		});
}
