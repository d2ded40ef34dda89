// WRONG: resolves on the child's 'exit' whatever its exit code. A child that failed (exit code 1,
// or any code but 0) still gives the caller a result, as if all had gone well.
import { fork } from 'node:child_process';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const answers: string[] = [];
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', (answer: string) => answers.push(answer));
		child.once('error', reject);
		child.once('exit', () => resolve(answers));
	});
	for (const item of items) child.send(item);
	child.send('STOP');
	return done;
}
