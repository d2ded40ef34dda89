// The learner's code runs with the learner's rights: it could write conc-tutor's own state files. A
// one-shot command (verify) takes a copy before grading and puts it back if the run changed it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { progressFile, writeAtomic } from './store.js';

export interface StateGuard {
	/** True (and the file restored) when the progress file changed since the guard was taken. */
	restoreIfChanged(): boolean;
}

export function guardProgress(workspace: string): StateGuard {
	const file = progressFile(workspace);
	const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
	return {
		restoreIfChanged() {
			const after = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
			if (after === before) return false;
			if (before === undefined) rmSync(file, { force: true });
			else writeAtomic(file, before);
			return true;
		},
	};
}
