// Where things live in the learner's workspace. One exercise = one folder, named by the exercise id
// under its lesson's folder name, so paths stay stable when exercises are renumbered in the pack.
import path from 'node:path';
import type { Exercise } from '../lessons/types.js';

/** The tool's own state inside a workspace (progress, backups); learners never need to open it. */
export const STATE_DIR = '.conc-tutor';

/** The lesson folder name ("01-concurrency-vs-parallelism") of an exercise, from its place in the pack. */
export function lessonDirOf(exercise: Exercise): string {
	return path.basename(path.dirname(exercise.path));
}

/** `<workspace>/<lesson-dir>/<exercise-id>/`, absolute. */
export function exerciseWorkspaceDir(workspace: string, exercise: Exercise): string {
	return path.resolve(workspace, lessonDirOf(exercise), exercise.id);
}

/** Absolute paths of the files the learner edits, primary first. */
export function exerciseFiles(workspace: string, exercise: Exercise): string[] {
	const dir = exerciseWorkspaceDir(workspace, exercise);
	return exercise.files.map((file) => path.join(dir, file));
}

/** Absolute path of the file the learner edits first. */
export function primaryFile(workspace: string, exercise: Exercise): string {
	return exerciseFiles(workspace, exercise)[0]!;
}

export function stateDir(workspace: string): string {
	return path.join(path.resolve(workspace), STATE_DIR);
}

/** The default workspace: ./conc-tutor-work in the folder the learner started the tool from. */
export const DEFAULT_WORKSPACE_NAME = 'conc-tutor-work';
