// WRONG: sends SIGTERM and waits for the exit, with no plan B. A child that ignores SIGTERM never
// exits, so stopChild never resolves and the child is left running.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	return new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ how: 'graceful', code, signal }));
		child.kill('SIGTERM');
	});
}
