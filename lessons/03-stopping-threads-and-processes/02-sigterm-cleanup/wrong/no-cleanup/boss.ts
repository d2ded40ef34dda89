// (This file is correct; the mistake is in job.ts.)
// The parent side: start the job, and stop it politely with SIGTERM.
import { fork } from 'node:child_process';

export interface JobEnd {
	code: number | null;
	signal: string | null;
}

export interface RunningJob {
	pid: number;
	/** Sends SIGTERM; resolves with how the child ended, once it has exited. */
	stop(): Promise<JobEnd>;
}

/** Forks job.ts with workDir as its argument; resolves when the job says 'ready'. */
export function startJob(workDir: string): Promise<RunningJob> {
	const child = fork(new URL('./job.js', import.meta.url), [workDir]);
	// Listen for 'exit' from the start, so an early exit is never missed.
	const ended = new Promise<JobEnd>((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
	});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('message', (message) => {
			if (message !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
			resolve({
				pid: child.pid!,
				stop() {
					child.kill('SIGTERM');
					return ended;
				},
			});
		});
	});
}
