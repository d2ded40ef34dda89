/** A workspace problem phrased for the learner: what is wrong with which folder, and what to do. */
export class WorkspaceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WorkspaceError';
	}
}

/** Rephrases the filesystem errors a learner can cause (and fix) about a path; rethrows anything else. */
export function explainFsError(error: unknown, target: string): never {
	const code = (error as NodeJS.ErrnoException).code;
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			throw new WorkspaceError(`Cannot write to ${target} (permission denied); choose another folder with --workspace.`);
		case 'ENOTDIR':
		case 'EEXIST':
			throw new WorkspaceError(`${target} is in the way: a file stands where a folder must be; move it or choose another folder with --workspace.`);
		case 'ENOSPC':
			throw new WorkspaceError(`The disk holding ${target} is full; free some space and try again.`);
		case 'EROFS':
			throw new WorkspaceError(`${target} is on a read-only disk; choose another folder with --workspace.`);
		case 'ENOENT':
			throw new WorkspaceError(`Cannot create folders in ${target} (that place does not hold ordinary folders); choose another folder with --workspace.`);
		case 'ELOOP':
			throw new WorkspaceError(`${target} goes round a loop of symbolic links; point --workspace at a real folder.`);
		case 'EISDIR':
			throw new WorkspaceError(`${target} holds a folder where conc-tutor keeps a file; move it aside or choose another folder with --workspace.`);
		default:
			throw error;
	}
}
