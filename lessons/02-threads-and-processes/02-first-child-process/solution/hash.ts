// Run hash-child.ts in a child process, send it the text, and return its digest and the child's pid.
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
			// The IPC channel keeps both processes alive: close it, and the child's event loop has
			// nothing left to do, so it exits. Resolve once it has.
			child.once('exit', () => resolve({ digest: answer.digest, pid: child.pid! }));
			child.disconnect();
		});
		child.send(text);
	});
}
