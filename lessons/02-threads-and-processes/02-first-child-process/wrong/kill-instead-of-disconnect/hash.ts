// WRONG: once the answer is in, it ends the child with child.kill() instead of closing the channel.
// It waits for the exit, so nothing is left running, but the child is killed by SIGTERM rather than
// allowed to exit by itself.
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
			child.once('exit', () => resolve({ digest: answer.digest, pid: child.pid! }));
			child.kill();
		});
		child.send(text);
	});
}
