// WRONG: guesses the pid instead of reading child.pid: "the child gets the next pid after mine". Pids
// are handed out to whatever starts next, so any other process started in between breaks the guess.
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
			child.once('exit', () => resolve({ digest: answer.digest, pid: process.pid + 1 }));
			child.disconnect();
		});
		child.send(text);
	});
}
