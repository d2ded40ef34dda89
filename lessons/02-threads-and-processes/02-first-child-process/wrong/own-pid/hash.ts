// WRONG: the digest comes from a real child process, but the pid returned is process.pid — the pid
// of the process running this code (the parent), not the child's (child.pid).
import { fork } from 'node:child_process';

export interface ChildAnswer {
	digest: string;
	pid: number;
}

export function hashInChild(text: string): Promise<ChildAnswer> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./hash-child.js', import.meta.url));
		child.once('error', reject);
		child.once('message', (answer: { digest: string }) => {
			child.once('exit', () => resolve({ digest: answer.digest, pid: process.pid }));
			child.disconnect();
		});
		child.send(text);
	});
}
