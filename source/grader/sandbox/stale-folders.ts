// The grader's temporary folders (a sandbox's run folder, the compiled files, a queue cell) are removed
// when their run ends; a grader that was killed meanwhile (a closed terminal, a test that ends it on
// purpose) cannot. Whoever grades next removes those that have stood untouched for an hour: no run
// lasts that long. A run folder can belong to a spare sandbox that waits for the learner for hours,
// so it names its grader (OWNER_FILE) and stays while that process lives.
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const OURS = /^conc-tutor-(run|files|cell)-[A-Za-z0-9]{6}$/;
export const STALE_AFTER_MS = 60 * 60 * 1000;
/** In a run folder: the pid of the grader that made it. */
export const OWNER_FILE = 'owner';

function ownerAlive(folder: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
	} catch {
		return false; // no owner written: an older grader's, judged by its age alone
	}
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
	}
}

/** Removes our stale folders from `dir` (the temporary folder); returns the names removed. */
export function sweepStaleFolders(dir = tmpdir(), now = Date.now()): string[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	const uid = process.getuid?.();
	return names.filter((name) => {
		if (!OURS.test(name)) return false;
		const full = path.join(dir, name);
		try {
			const stat = lstatSync(full);
			if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || now - stat.mtimeMs < STALE_AFTER_MS || ownerAlive(full)) return false;
			rmSync(full, { recursive: true, force: true });
			return true;
		} catch {
			return false; // gone meanwhile, or not ours to remove
		}
	});
}
