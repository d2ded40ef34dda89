// WRONG: one child process per item, the way `multiprocessing.Process(target=..., args=(item,))` per
// item would be in Python: each child answers one item, gets 'STOP' and exits. The answers are right,
// but every item pays for a whole new Node process (~100 ms and tens of MB) instead of going down
// one queue to one child.
import { fork } from 'node:child_process';

function oneItem(item: string): Promise<string> {
	const child = fork(new URL('./child.js', import.meta.url));
	return new Promise((resolve, reject) => {
		let answer = '';
		child.on('message', (a: string) => (answer = a));
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve(answer) : reject(new Error(`exit ${code}`))));
		child.send(item);
		child.send('STOP');
	});
}

export async function processInChild(items: string[]): Promise<string[]> {
	const answers: string[] = [];
	for (const item of items) answers.push(await oneItem(item));
	return answers;
}
