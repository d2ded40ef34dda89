// What the TUI reads and changes outside itself. Screens get this object rather than calling the
// filesystem modules, so tests can render them with a fixture pack, in-memory progress and a fake
// grader. run.tsx builds the real one.
import type { ExerciseStore, SolutionFile } from '../exercise/index.js';
import type { LoopState, Retry, Trigger } from '../exercise-loop/loop.js';
import type { Exercise, LessonPack } from '../lessons/types.js';

export type { LoopState, Retry, SolutionFile, Trigger };

/** The exercise loop as the screen drives it: watch on open, grade on demand, stop on close. */
export interface ExerciseRunner {
	/** Starts watching the exercise's files; a save grades them. */
	open(): void;
	/** Stops watching (and cancels a grading in progress). */
	close(): void;
	/** Grades now; a grading in progress is cancelled (its result would describe old files). */
	verify(trigger: Trigger): void;
}

export interface RunnerOptions {
	exercise: Exercise;
	onState(state: LoopState): void;
	/** A manual verify found a change the watcher never reported: suggest --poll. */
	onMissedSave(): void;
	/** A warning raised while recording an attempt (shown as a notice). */
	warn?: (line: string) => void;
}

export type EditorOutcome =
	/** The editor ran and has exited (a save is seen by the watcher, which grades it). */
	| { kind: 'edited'; editor: string }
	/** Neither $VISUAL nor $EDITOR is set. */
	| { kind: 'no-editor' }
	| { kind: 'failed'; editor: string; message: string };

/** The exercise service's store (progress, hints, reset, solution), plus what only the tutor needs. */
export interface TuiModel extends ExerciseStore {
	pack: LessonPack;
	/** Absolute path of the learner's workspace. */
	workspace: string;
	/** Watching by polling (--poll) rather than change events. */
	poll: boolean;
	/** The exercise loop for one exercise (not yet watching: call open()). */
	createRunner(options: RunnerOptions): ExerciseRunner;
	/**
	 * Where warnings raised while recording (a progress file found damaged when an exercise is opened, a
	 * hint shown or an attempt recorded) go: the app shows them as notices. Returns how to stop listening.
	 */
	onWarning?(listener: (line: string) => void): () => void;
	/**
	 * Opens `file` in the learner's editor and returns when the editor exits. The TUI is suspended
	 * meanwhile (raw mode off, the normal screen back); the caller redraws it after.
	 */
	openEditor(file: string): EditorOutcome;
}
