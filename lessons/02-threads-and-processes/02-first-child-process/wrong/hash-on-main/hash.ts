// WRONG: a fabricated answer. It starts the child and lets it exit cleanly (so a child is seen to run),
// but never sends it the text: the digest is computed on the parent with node:crypto.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';

export interface ChildAnswer {
	digest: string;
	pid: number;
}

export function hashInChild(text: string): Promise<ChildAnswer> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./hash-child.js', import.meta.url));
		const digest = createHash('sha256').update(text).digest('hex');
		child.once('error', reject);
		child.once('exit', () => resolve({ digest, pid: child.pid! }));
		child.disconnect();
	});
}
