// WRONG (with job.ts): asks the child to stop with an IPC message instead of SIGTERM. It works here,
// but only for a child of ours that listens on its channel: the rest of the system (systemd, docker
// stop, kill, Ctrl-C in a terminal) stops processes with signals, and this child ignores them.
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
					child.send('stop');
					return ended;
				},
			});
		});
	});
}
