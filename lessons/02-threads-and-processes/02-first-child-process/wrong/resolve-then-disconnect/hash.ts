// WRONG: closes the channel (good) but resolves at once, without waiting for the 'exit' event: the
// child is still running when the promise resolves. A 150 ms grace after returning would hide this.
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
			child.disconnect();
			resolve({ digest: answer.digest, pid: child.pid! });
		});
		child.send(text);
	});
}
