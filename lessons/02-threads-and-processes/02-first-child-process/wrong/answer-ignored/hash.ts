// WRONG: games the observed signals. It does everything the grader can see (one child, the text sent
// once, the answer received, the channel closed, resolved after the exit), but throws the child's
// answer away and returns a SHA-256 it computes on the parent. The child's work is ignored.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';

export interface ChildAnswer {
	digest: string;
	pid: number;
}

export function hashInChild(text: string): Promise<ChildAnswer> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./hash-child.js', import.meta.url));
		child.once('error', reject);
		child.once('message', () => {
			const digest = createHash('sha256').update(text).digest('hex');
			child.once('exit', () => resolve({ digest, pid: child.pid! }));
			child.disconnect();
		});
		child.send(text);
	});
}
