// WRONG: the SIGKILL timer is never cancelled. A child that exits within the grace period is still
// "killed" when the timer fires: a signal sent to a process that is gone (by pid, it may already be
// someone else's process). Cancel plan B with clearTimeout when the child exits.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		let how: Ending['how'] = 'graceful';
		setTimeout(() => {
			if (how === 'graceful' && child.exitCode === null && child.signalCode === null) how = 'killed';
			child.kill('SIGKILL');
		}, graceMs);
		child.once('exit', (code, signal) => resolve({ how, code, signal }));
		child.kill('SIGTERM');
	});
}
