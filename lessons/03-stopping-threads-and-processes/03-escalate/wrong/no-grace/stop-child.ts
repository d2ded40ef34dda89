// WRONG: sends SIGTERM, then SIGKILL straight after, "to be sure". The grace period is never given:
// a child that is still cleaning up is killed in the middle of it.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ how: signal === 'SIGKILL' ? 'killed' : 'graceful', code, signal }));
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 5);
	});
}
