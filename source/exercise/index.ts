// The exercise service: every learner action on an exercise, for the CLI and the tutor alike.
export {
	ExerciseService,
	exerciseService,
	WorkspaceExercises,
	workspaceStore,
	type ExerciseStore,
	type GradeOptions,
	type Grader,
	type HintOutcome,
	type HintRecord,
	type HintsOnScreen,
	type ProgressDocument,
	type ProgressEntry,
	type SolutionFile,
	type SolutionGate,
	type StoreOptions,
	type Trigger,
} from './service.js';
export { matchingHint, nextHint } from './hints.js';
