// WRONG: stop() sends SIGTERM and returns at once. child.kill() only SENDS the signal; it does not wait
// for the child to act on it. The child is still finishing its step and cleaning up, and the exit
// status reported (child.exitCode / child.signalCode) is still null.
import { fork } from 'node:child_process';

export interface JobEnd {
	code: number | null;
	signal: string | null;
}

export interface RunningJob {
	pid: number;
	stop(): Promise<JobEnd>;
}

export function startJob(workDir: string): Promise<RunningJob> {
	const child = fork(new URL('./job.js', import.meta.url), [workDir]);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('message', () => {
			resolve({
				pid: child.pid!,
				async stop() {
					child.kill('SIGTERM');
					return { code: child.exitCode, signal: child.signalCode };
				},
			});
		});
	});
}
