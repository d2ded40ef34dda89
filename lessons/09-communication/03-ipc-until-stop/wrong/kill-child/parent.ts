// WRONG: never sends 'STOP'. Once every answer is in, it kills the child with SIGTERM. The answers are
// right, but the child is stopped from outside instead of finishing its queue and ending cleanly: a
// child with files to flush or a lock to release would not get the chance.
import { fork } from 'node:child_process';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const answers: string[] = [];
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', (answer: string) => {
			answers.push(answer);
			if (answers.length === items.length) child.kill(); // "done, so kill it"
		});
		child.once('error', reject);
		child.once('exit', () => resolve(answers));
	});
	for (const item of items) child.send(item);
	return done;
}
