// What the TUI reads and changes outside itself. Screens get this object rather than calling the
// filesystem modules, so tests can render them with a fixture pack, in-memory progress and a fake
// grader. run.tsx builds the real one.
import type { LoopState, Trigger } from '../exercise-loop/loop.js';
import type { Exercise, LessonPack } from '../lessons/types.js';
import type { ProgressFile } from '../progress/index.js';
import type { ResetReport } from '../workspace/index.js';

export type { LoopState, Trigger };

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

export interface SolutionFile {
	/** Path relative to the exercise's solution folder. */
	file: string;
	text: string;
}

export interface TuiModel {
	pack: LessonPack;
	/** Absolute path of the learner's workspace. */
	workspace: string;
	/** Watching by polling (--poll) rather than change events. */
	poll: boolean;
	/** Reads the saved progress again (after a verify, a hint or a reset elsewhere); warnings go to `warn`. */
	loadProgress(warn: (line: string) => void): ProgressFile;
	/** Notes that an exercise was opened (first-seen time in progress). */
	markSeen(exerciseId: string): void;
	/** The exercise loop for one exercise (not yet watching: call open()). */
	createRunner(options: RunnerOptions): ExerciseRunner;
	/** Shows the next hint and records which (progress chooses: see recordHint); returns it and all shown so far. */
	recordHint(exercise: Exercise): { index?: number; shown: number[] };
	/** Puts the starter files back, keeping the learner's as a backup. */
	reset(exercise: Exercise): ResetReport;
	/** The reference solution's files. */
	solutionFiles(exercise: Exercise): SolutionFile[];
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
