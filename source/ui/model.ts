// What the TUI reads and changes outside itself. Screens get this object rather than calling the
// filesystem modules, so tests can render them with a fixture pack and in-memory progress.
import type { LessonPack } from '../lessons/types.js';
import type { ProgressFile } from '../progress/index.js';

export interface TuiModel {
	pack: LessonPack;
	/** Absolute path of the learner's workspace. */
	workspace: string;
	/** Reads the saved progress again (after a verify, a hint or a reset elsewhere); warnings go to `warn`. */
	loadProgress(warn: (line: string) => void): ProgressFile;
	/** Notes that an exercise was opened (first-seen time in progress). */
	markSeen(exerciseId: string): void;
}
