// WRONG: stop() sends SIGTERM, waits a fixed 100 ms ("a step is 30 ms, so it must be over by then")
// and resolves with the exit it expects, { code: 0, signal: null }, without looking. When the child
// takes longer than the guess, stop() resolves while it is still running, and the status is made up.
import { fork } from 'node:child_process';

export interface JobEnd {
	code: number | null;
	signal: string | null;
}

export interface RunningJob {
	pid: number;
	stop(): Promise<JobEnd>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startJob(workDir: string): Promise<RunningJob> {
	const child = fork(new URL('./job.js', import.meta.url), [workDir]);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('message', () => {
			resolve({
				pid: child.pid!,
				async stop() {
					child.kill('SIGTERM');
					await sleep(100);
					return { code: 0, signal: null };
				},
			});
		});
	});
}
