// WRONG: goes straight to SIGKILL. The child never gets a chance to finish and clean up — even the
// polite one, which would have exited on its own within the grace period.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ how: 'killed', code, signal }));
		child.kill('SIGKILL');
	});
}
