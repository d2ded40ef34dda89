// Creating and upgrading a workspace are the same operation: add whatever starter file is missing,
// never touch a file that exists. A workspace made by an older version therefore gains the new
// exercises (and new support files) while every file the learner has edited stays as it is. The
// editor's files (tsconfig.json, package.json) follow the same rule.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LessonPack } from '../lessons/types.js';
import { explainFsError, WorkspaceError } from './errors.js';
import { writeEditorConfig } from './editor-config.js';
import { copyIfMissing, makeFolder, starterFilesOf } from './files.js';
import { exerciseWorkspaceDir, stateDir } from './layout.js';

export interface WorkspaceReport {
	/** Absolute path of the workspace. */
	dir: string;
	/** True when this call made the workspace (it had never been used before). */
	created: boolean;
	/** Ids of exercises whose folder did not exist and was created from the starter. */
	addedExercises: string[];
	/** Absolute paths of every file copied in by this call. */
	addedFiles: string[];
}

/** Makes sure every exercise of the pack has its starter files in the workspace. */
export function ensureWorkspace(workspace: string, pack: LessonPack): WorkspaceReport {
	const dir = path.resolve(workspace);
	try {
		statSync(dir);
	} catch (error) {
		// A loop of symbolic links, say: named as such rather than as "a file in the way" below.
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') explainFsError(error, dir);
	}
	if (existsSync(dir) && !statSync(dir).isDirectory()) {
		throw new WorkspaceError(`${dir} is a file, not a folder; choose a folder with --workspace.`);
	}
	const created = !existsSync(stateDir(dir));
	const report: WorkspaceReport = { dir, created, addedExercises: [], addedFiles: [] };
	try {
		makeFolder(stateDir(dir));
		for (const exercise of pack.lessons.flatMap((lesson) => lesson.exercises)) {
			const target = exerciseWorkspaceDir(dir, exercise);
			if (!existsSync(target)) report.addedExercises.push(exercise.id);
			for (const file of starterFilesOf(exercise)) {
				const dest = path.join(target, file.relative);
				if (copyIfMissing(file.src, dest)) report.addedFiles.push(dest);
			}
		}
		writeEditorConfig(dir);
	} catch (error) {
		if (error instanceof WorkspaceError) throw error;
		explainFsError(error, dir);
	}
	return report;
}
