// WRONG: resolves as soon as the answer arrives, but never closes the IPC channel. The child keeps
// waiting for more messages, so it never exits: a process left running after the function returned.
import { fork } from 'node:child_process';

export interface ChildAnswer {
	digest: string;
	pid: number;
}

export function hashInChild(text: string): Promise<ChildAnswer> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./hash-child.js', import.meta.url));
		child.once('error', reject);
		child.once('message', (answer: { digest: string }) => resolve({ digest: answer.digest, pid: child.pid! }));
		child.send(text);
	});
}
