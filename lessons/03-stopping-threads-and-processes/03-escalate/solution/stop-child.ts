// Stop a child process: ask with SIGTERM, wait up to graceMs, then insist with SIGKILL.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	/** 'graceful': it ended within the grace period after SIGTERM. 'killed': SIGKILL was needed. */
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		let how: Ending['how'] = 'graceful';
		const escalate = setTimeout(() => {
			how = 'killed';
			child.kill('SIGKILL'); // cannot be caught or ignored
		}, graceMs);
		child.once('exit', (code, signal) => {
			clearTimeout(escalate); // it ended in time: no SIGKILL for a process that is gone
			resolve({ how, code, signal });
		});
		child.kill('SIGTERM');
	});
}
