// WRONG: asks the lab which names are slow before it starts: behaviourOf(name) says 'slow' or 'hang',
// so it gives null at once, without a child and without waiting for the limit. Only fast names are
// looked up for real. The caller asked for a lookup with a time limit, not a guess.
import { fork } from 'node:child_process';
import { behaviourOf } from './lab/fake-resolver.js';

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	if (behaviourOf(name).kind !== 'fast') return Promise.resolve(null);
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		let answer: string | null = null;
		const timer = setTimeout(() => child.kill(), timeoutMs);
		child.once('message', (address: string) => {
			answer = address;
			child.kill();
		});
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(answer);
		});
		child.send(name);
	});
}
