// (This file is correct; the mistake of this variant is in child.ts.)
import { fork } from 'node:child_process';
import type { ToChild } from './child.js';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const answers: string[] = [];
	const send = (message: ToChild) => child.send(message);

	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', (answer: string) => answers.push(answer));
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			if (code !== 0) return reject(new Error(`the child ended with ${signal ?? `code ${code}`}`));
			if (answers.length !== items.length) return reject(new Error(`${answers.length} answers for ${items.length} items`));
			resolve(answers);
		});
	});

	for (const item of items) send(item);
	send('STOP'); // behind every item: the child reaches it only after answering them all
	return done;
}
