// WRONG: resolves as soon as the last answer is in. The answers are right and the child does end a
// moment later, by itself; but processInChild has already returned while its child is still running.
import { fork } from 'node:child_process';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const answers: string[] = [];
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', (answer: string) => {
			answers.push(answer);
			if (answers.length === items.length) resolve(answers);
		});
		child.once('error', reject);
	});
	for (const item of items) child.send(item);
	child.send('STOP');
	return done;
}
