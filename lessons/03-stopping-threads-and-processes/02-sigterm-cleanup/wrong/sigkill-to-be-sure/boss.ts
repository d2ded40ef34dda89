// WRONG: stop() sends SIGTERM, then SIGKILL 100 ms later "to be sure", and waits for the exit. A child
// that needs longer to finish its step and clean up is killed in the middle of it: the lock file stays
// behind, and the child never gets to exit with code 0.
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
	const ended = new Promise<JobEnd>((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
	});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('message', () => {
			resolve({
				pid: child.pid!,
				stop() {
					child.kill('SIGTERM');
					const sure = setTimeout(() => child.kill('SIGKILL'), 100);
					return ended.finally(() => clearTimeout(sure));
				},
			});
		});
	});
}
