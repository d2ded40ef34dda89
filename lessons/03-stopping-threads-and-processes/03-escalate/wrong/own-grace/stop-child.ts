// WRONG: "to be generous", gives every child twice the grace period it was asked for before SIGKILL.
// The caller chose the grace period (a service manager may have only so long before it must move on):
// a child that ignores SIGTERM is ended far too late.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		let how: Ending['how'] = 'graceful';
		const escalate = setTimeout(() => {
			how = 'killed';
			child.kill('SIGKILL');
		}, 2 * graceMs);
		child.once('exit', (code, signal) => {
			clearTimeout(escalate);
			resolve({ how, code, signal });
		});
		child.kill('SIGTERM');
	});
}
