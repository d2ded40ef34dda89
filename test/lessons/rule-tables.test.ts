// Issues 14 and 15: every rule a task states is a row of its grading table with the check that enforces
// it, and every check of the exercise enforces a rule of that table. The table is the last table of
// task.md's "How it is graded" section; its last column names check ids in backticks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allExercises, loadPack } from '../../source/lessons/load.js';
import { loadSpec } from '../../source/grader/verify.js';

function tableChecks(taskFile: string): Set<string> {
	const text = readFileSync(taskFile, 'utf8');
	const graded = text.slice(text.indexOf('## How it is graded'));
	const rows = graded.split('\n').filter((line) => line.startsWith('|') && !/^\|[-| :]+\|$/.test(line));
	const ids = new Set<string>();
	for (const row of rows.slice(1)) {
		const cells = row.split('|').filter((cell, i, all) => i > 0 && i < all.length - 1);
		for (const [, id] of (cells.at(-1) ?? '').matchAll(/`([a-z0-9-]+)`/g)) ids.add(id!);
	}
	return ids;
}

describe('grading tables', () => {
	for (const exercise of allExercises(loadPack())) {
		it(`${exercise.id}: the table's checks are the exercise's checks`, async () => {
			const taskFile = path.join(exercise.path, 'task.md');
			expect(readFileSync(taskFile, 'utf8'), 'task.md has a "How it is graded" section').toContain('## How it is graded');
			const inTable = tableChecks(taskFile);
			const checks = new Set((await loadSpec(exercise)).checks.map((check) => check.id));
			expect({ notInTable: [...checks].filter((id) => !inTable.has(id)), notAChecks: [...inTable].filter((id) => !checks.has(id)) }).toEqual({
				notInTable: [],
				notAChecks: [],
			});
		});
	}
});
