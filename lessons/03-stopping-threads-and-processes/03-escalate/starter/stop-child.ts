// Stop a child process: ask with SIGTERM, wait up to graceMs, then insist with SIGKILL.
import type { ChildProcess } from 'node:child_process';

export interface Ending {
	/** 'graceful': it ended within the grace period after SIGTERM. 'killed': SIGKILL was needed. */
	how: 'graceful' | 'killed';
	code: number | null;
	signal: string | null;
}

export async function stopChild(child: ChildProcess, graceMs: number): Promise<Ending> {
	throw new Error('not written yet');
}
