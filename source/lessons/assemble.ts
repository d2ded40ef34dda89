import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from './types.js';

/**
 * Writes an exercise's files as a learner would have them: the starter and its lab files, then
 * optionally an overlay (`solution` or `wrong/<variant>`) on top. Existing files in `dir` are replaced; a
 * symlink in the pack is copied as the file it points to, as the workspace does (the grader takes no links).
 */
export function assembleExercise(exercise: Exercise, dir: string, overlay?: string): void {
	mkdirSync(dir, { recursive: true });
	cpSync(path.join(exercise.path, 'starter'), dir, { recursive: true, dereference: true });
	for (const file of exercise.lab) {
		mkdirSync(path.join(dir, 'lab'), { recursive: true });
		cpSync(file, path.join(dir, 'lab', path.basename(file)), { dereference: true });
	}
	if (overlay) cpSync(path.join(exercise.path, overlay), dir, { recursive: true, dereference: true });
}
