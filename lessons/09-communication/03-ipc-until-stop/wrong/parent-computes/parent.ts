// WRONG: the child is only for show. It is forked, sent every item and 'STOP', and waited for; but
// the answers come from work(item) run in the parent, and whatever the child sent back is ignored.
import { fork } from 'node:child_process';
import { work } from './work.js';

export function processInChild(items: string[]): Promise<string[]> {
	const child = fork(new URL('./child.js', import.meta.url));
	const done = new Promise<string[]>((resolve, reject) => {
		child.on('message', () => {}); // answers arrive, nobody reads them
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve(items.map(work)) : reject(new Error(`code ${code}`))));
	});
	for (const item of items) child.send(item);
	child.send('STOP');
	return done;
}
