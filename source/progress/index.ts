// Saved progress of one workspace. Pure filesystem logic, no UI.
export {
	loadProgress,
	markSeen,
	recordAttempt,
	recordHint,
	shownHints,
	statusOf,
	totals,
	type AttemptSummary,
	type ProgressTotals,
} from './record.js';
export { pickNextHint } from './hints.js';
export { emptyProgress, progressFile, type ProgressOptions } from './store.js';
export {
	PROGRESS_SCHEMA_VERSION,
	type ExerciseProgress,
	type ExerciseStatus,
	type LastResult,
	type ProgressFile,
} from './schema.js';
