// The learner's workspace: where starter files are copied and edited. Pure filesystem logic, no UI.
export { ensureWorkspace, type WorkspaceReport } from './ensure.js';
export { resetExercise, type ResetReport } from './reset.js';
export {
	DEFAULT_WORKSPACE_NAME,
	exerciseFiles,
	exerciseWorkspaceDir,
	lessonDirOf,
	primaryFile,
	STATE_DIR,
	stateDir,
} from './layout.js';
export { WorkspaceError } from './errors.js';
export { isUntouched, listFiles, starterFilesOf, type StarterFile } from './files.js';
