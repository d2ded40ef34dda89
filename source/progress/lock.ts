// A lock file around read-modify-write of progress.json. The TUI and a `verify` in another terminal
// may record at the same moment; without the lock one of the two updates would be lost (the very
// race this course teaches). Operations hold it for a few milliseconds, so waiting is synchronous.
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

const STALE_MS = 5_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
	Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * True only for a lock file left behind by a crashed process. A lock that vanished while we looked
 * is not "gone": removing the path now could delete the lock another process has just taken.
 */
function isStale(lockFile: string): boolean {
	try {
		return Date.now() - statSync(lockFile).mtimeMs > STALE_MS;
	} catch {
		return false; // released while we looked: simply try again
	}
}

/** Runs fn while holding lockFile; a lock older than 5 s is taken to be left by a crashed process. */
export function withLock<T>(lockFile: string, fn: () => T): T {
	let fd: number | undefined;
	for (let attempt = 0; fd === undefined; attempt++) {
		try {
			fd = openSync(lockFile, 'wx');
			writeSync(fd, String(process.pid));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (isStale(lockFile)) rmSync(lockFile, { force: true });
			else if (existsSync(lockFile)) sleep(Math.min(1 + attempt, 20));
		}
	}
	try {
		return fn();
	} finally {
		closeSync(fd);
		rmSync(lockFile, { force: true });
	}
}
