// The learner's workspace: created from the starters, never overwritten, upgraded with new exercises,
// and reset only on request (with a backup).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import {
	ensureWorkspace,
	exerciseFiles,
	exerciseWorkspaceDir,
	listFiles,
	primaryFile,
	resetExercise,
	WorkspaceError,
} from '../../source/workspace/index.js';
import { shellPack } from '../helpers/paths.js';
import { packCopy, tempDir } from '../helpers/temp.js';

describe('workspace', () => {
	it('lays out <workspace>/<lesson-dir>/<exercise-id>/ with every starter file, nested and lab files too', () => {
		const pack = loadPack(shellPack);
		const ws = path.join(tempDir(), 'work');
		const report = ensureWorkspace(ws, pack);
		expect(report.created).toBe(true);
		expect(report.dir).toBe(ws);
		expect(report.addedExercises).toEqual(['hello', 'count-up', 'locked-counter']);
		expect(listFiles(ws)).toEqual([
			'.conc-tutor/editor-files.json',
			'01-first-steps/count-up/count-worker.ts',
			'01-first-steps/count-up/count.ts',
			'01-first-steps/hello/hello.ts',
			'01-first-steps/hello/lib/util.ts',
			'02-shared-state/locked-counter/counter.ts',
			'02-shared-state/locked-counter/lab/mutex.ts',
			'tsconfig.json', // for the editor: see editor-config.test.ts
		]);
		expect(existsSync(path.join(ws, '.conc-tutor'))).toBe(true);
		const hello = findExercise(pack, 'hello')!;
		expect(exerciseWorkspaceDir(ws, hello)).toBe(path.join(ws, '01-first-steps/hello'));
		expect(primaryFile(ws, hello)).toBe(path.join(ws, '01-first-steps/hello/hello.ts'));
		expect(exerciseFiles(ws, findExercise(pack, 'count-up')!)).toEqual([
			path.join(ws, '01-first-steps/count-up/count.ts'),
			path.join(ws, '01-first-steps/count-up/count-worker.ts'),
		]);
		expect(readFileSync(path.join(ws, '02-shared-state/locked-counter/lab/mutex.ts'), 'utf8')).toBe(
			readFileSync(path.join(shellPack, '_lab/mutex.ts'), 'utf8'),
		);
	});

	it('never overwrites a file the learner changed, and a second run reports nothing new', () => {
		const pack = loadPack(shellPack);
		const ws = tempDir();
		ensureWorkspace(ws, pack);
		const file = primaryFile(ws, findExercise(pack, 'hello')!);
		writeFileSync(file, '// my own work\n');
		const again = ensureWorkspace(ws, pack);
		expect(again).toEqual({ dir: ws, created: false, addedExercises: [], addedFiles: [] });
		expect(readFileSync(file, 'utf8')).toBe('// my own work\n');
	});

	it('upgrades a workspace made for an older pack: new exercises and files added, edited ones untouched', () => {
		const packDir = packCopy();
		// The "older version": without lesson 2 and without one support file of lesson 1.
		const newLesson = path.join(packDir, '02-shared-state');
		const stash = path.join(tempDir(), 'stash');
		cpSync(newLesson, stash, { recursive: true });
		rmSync(newLesson, { recursive: true });
		rmSync(path.join(packDir, '01-first-steps/01-hello/starter/lib'), { recursive: true });
		const ws = tempDir();
		ensureWorkspace(ws, loadPack(packDir));
		const edited = path.join(ws, '01-first-steps/hello/hello.ts');
		writeFileSync(edited, '// edited under the old version\n');

		cpSync(stash, newLesson, { recursive: true });
		cpSync(path.join(shellPack, '01-first-steps/01-hello/starter/lib'), path.join(packDir, '01-first-steps/01-hello/starter/lib'), { recursive: true });
		const report = ensureWorkspace(ws, loadPack(packDir));
		expect(report.created).toBe(false);
		expect(report.addedExercises).toEqual(['locked-counter']);
		expect(report.addedFiles.map((file) => path.relative(ws, file)).sort()).toEqual([
			'01-first-steps/hello/lib/util.ts',
			'02-shared-state/locked-counter/counter.ts',
			'02-shared-state/locked-counter/lab/mutex.ts',
		]);
		expect(readFileSync(edited, 'utf8')).toBe('// edited under the old version\n');
	});

	it('reset restores the starter, backs up what it overwrites, and leaves the learner’s extra files', () => {
		const pack = loadPack(shellPack);
		const ws = tempDir();
		ensureWorkspace(ws, pack);
		const exercise = findExercise(pack, 'count-up')!;
		const [count, worker] = exerciseFiles(ws, exercise) as [string, string];
		writeFileSync(count, '// attempt 1\n');
		rmSync(worker);
		const extra = path.join(exerciseWorkspaceDir(ws, exercise), 'notes.md');
		writeFileSync(extra, 'my notes\n');

		const report = resetExercise(ws, exercise, new Date('2030-01-02T03:04:05.678Z'));
		expect(report.restored.sort()).toEqual([count, worker].sort());
		expect(readFileSync(count, 'utf8')).toBe(readFileSync(path.join(exercise.path, 'starter/count.ts'), 'utf8'));
		expect(existsSync(worker)).toBe(true);
		expect(readFileSync(extra, 'utf8')).toBe('my notes\n');
		expect(report.backupDir).toBe(path.join(ws, '.conc-tutor/backups/count-up-2030-01-02T03-04-05-678Z'));
		expect(readdirSync(report.backupDir!)).toEqual(['count.ts']);
		expect(readFileSync(path.join(report.backupDir!, 'count.ts'), 'utf8')).toBe('// attempt 1\n');

		expect(resetExercise(ws, exercise)).toEqual({ restored: [] });
	});

	it('reset touches only the exercise it is given', () => {
		const pack = loadPack(shellPack);
		const ws = tempDir();
		ensureWorkspace(ws, pack);
		const other = primaryFile(ws, findExercise(pack, 'hello')!);
		writeFileSync(other, '// keep me\n');
		resetExercise(ws, findExercise(pack, 'count-up')!);
		expect(readFileSync(other, 'utf8')).toBe('// keep me\n');
	});

	it('explains a workspace path that is a file', () => {
		const file = path.join(tempDir(), 'a-file');
		writeFileSync(file, '');
		expect(() => ensureWorkspace(file, loadPack(shellPack))).toThrow(WorkspaceError);
		expect(() => ensureWorkspace(file, loadPack(shellPack))).toThrow(/is a file, not a folder; choose a folder with --workspace/);
	});
});
