import { findTree, hasProc, isSame, type Known, type Strays } from './proc.js';

/** SIGTERM to everything, SIGKILL after a grace; repeated until no process of the run is left. */
export async function endTree(rootPid: number, strays: Strays | undefined, known: Known, graceMs: number): Promise<void> {
	const signalAll = (signal: NodeJS.Signals, pids: Iterable<number>) => {
		if (isSame(known, rootPid)) {
			try {
				process.kill(-rootPid, signal); // the sandbox's own process group
			} catch {
				// already gone
			}
		}
		for (const pid of pids) {
			try {
				process.kill(pid, signal);
			} catch {
				// already gone
			}
		}
	};
	const alive = () => (hasProc ? [...findTree([rootPid], strays, known)].filter((pid) => isSame(known, pid)) : [...known.keys()]);
	signalAll('SIGTERM', alive());
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && alive().length > 0) await new Promise((r) => setTimeout(r, 20));
	for (let round = 0; round < 50; round++) {
		const left = alive();
		if (left.length === 0) return;
		signalAll('SIGKILL', left);
		await new Promise((r) => setTimeout(r, 20));
	}
}

