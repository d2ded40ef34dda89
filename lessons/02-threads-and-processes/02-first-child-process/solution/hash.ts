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
			// hash-child.ts listens for 'message', so its end of the IPC channel keeps it alive, and our
			// end keeps this process waiting. Close the channel: the child has nothing left to do and
			// exits. Resolve once it has.
			child.once('exit', () => resolve({ digest: answer.digest, pid: child.pid! }));
			child.disconnect();
		});
		child.send(text);
	});
}
