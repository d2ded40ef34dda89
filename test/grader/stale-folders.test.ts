// A grader killed mid-run leaves its temporary folders behind; the next one removes those that have
// stood for an hour, but never a run folder whose grader still lives (a spare waiting for the learner).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { OWNER_FILE, STALE_AFTER_MS, sweepStaleFolders } from '../../source/grader/sandbox/stale-folders.js';
import { tempDir } from '../helpers/temp.js';

it('removes our folders untouched for an hour, unless their grader is alive', () => {
	const dir = tempDir();
	const now = Date.now();
	const dead = spawnSync(process.execPath, ['-e', '']).pid!; // ended: a pid nobody has now
	const make = (name: string, ageMs: number, owner?: number) => {
		const full = path.join(dir, name);
		mkdirSync(full);
		writeFileSync(path.join(full, 'x'), '');
		if (owner !== undefined) writeFileSync(path.join(full, OWNER_FILE), String(owner));
		const when = new Date(now - ageMs);
		utimesSync(full, when, when);
	};
	const old = STALE_AFTER_MS + 60_000;
	make('conc-tutor-files-AAAAAA', old);
	make('conc-tutor-cell-BBBBBB', old);
	make('conc-tutor-run-CCCCCC', old, dead);
	make('conc-tutor-run-DDDDDD', old); // an older grader's: no owner written
	make('conc-tutor-run-EEEEEE', old, process.pid); // a spare of a grader that still runs
	make('conc-tutor-files-FFFFFF', STALE_AFTER_MS - 60_000); // a run under way
	make('conc-tutor-test-GGGGGG', old); // not the grader's
	writeFileSync(path.join(dir, 'conc-tutor-run-HHHHHH'), ''); // not a folder

	const removed = sweepStaleFolders(dir, now);
	expect(removed.sort()).toEqual(['conc-tutor-cell-BBBBBB', 'conc-tutor-files-AAAAAA', 'conc-tutor-run-CCCCCC', 'conc-tutor-run-DDDDDD']);
	expect(readdirSync(dir).sort()).toEqual(['conc-tutor-files-FFFFFF', 'conc-tutor-run-EEEEEE', 'conc-tutor-run-HHHHHH', 'conc-tutor-test-GGGGGG']);
});
