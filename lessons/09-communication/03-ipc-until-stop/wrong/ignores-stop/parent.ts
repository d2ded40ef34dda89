// WRONG (with child.ts): sends 'STOP', but resolves as soon as every answer is in, without waiting for
// the child to exit. The child ignores 'STOP', so it is still running when processInChild returns.
import { fork } from 'node:child_process';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const answers: string[] = [];
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', (answer: string) => {
			if (answers.length < items.length) answers.push(answer);
			if (answers.length === items.length) resolve(answers);
		});
		child.once('error', reject);
	});
	for (const item of items) child.send(item);
	child.send('STOP');
	return done;
}
