// WRONG: after the grace period it sends SIGKILL and resolves at once with the ending it expects,
// { how: 'killed', code: null, signal: 'SIGKILL' }. SIGKILL is only sent by then, not acted on: the
// child has not exited yet when stopChild says it has.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		const escalate = setTimeout(() => {
			child.kill('SIGKILL');
			resolve({ how: 'killed', code: null, signal: 'SIGKILL' });
		}, graceMs);
		child.once('exit', (code, signal) => {
			clearTimeout(escalate);
			resolve({ how: 'graceful', code, signal });
		});
		child.kill('SIGTERM');
	});
}
