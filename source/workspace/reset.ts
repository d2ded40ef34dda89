// Reset is the one operation allowed to overwrite a learner's files, so it keeps a copy of every file
// it is about to change: a reset pressed by mistake costs nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../lessons/types.js';
import { explainFsError } from './errors.js';
import { copyOver, sameContent, starterFilesOf } from './files.js';
import { exerciseWorkspaceDir, stateDir } from './layout.js';

export interface ResetReport {
	/** Absolute paths of the files written back from the starter. */
	restored: string[];
	/** Where the learner's changed files were copied before being overwritten; absent when nothing changed. */
	backupDir?: string;
}

function timestamp(date: Date): string {
	return date.toISOString().replace(/[:.]/g, '-');
}

/** Puts the exercise's starter files back in the workspace; files the learner added are left alone. */
export function resetExercise(workspace: string, exercise: Exercise, now: Date = new Date()): ResetReport {
	const target = exerciseWorkspaceDir(workspace, exercise);
	const report: ResetReport = { restored: [] };
	try {
		for (const { src, relative: file } of starterFilesOf(exercise)) {
			const dest = path.join(target, file);
			if (sameContent(src, dest)) continue;
			if (existsSync(dest)) {
				report.backupDir ??= path.join(stateDir(workspace), 'backups', `${exercise.id}-${timestamp(now)}`);
				copyOver(dest, path.join(report.backupDir, file));
			}
			copyOver(src, dest);
			report.restored.push(dest);
		}
	} catch (error) {
		explainFsError(error, target);
	}
	return report;
}
