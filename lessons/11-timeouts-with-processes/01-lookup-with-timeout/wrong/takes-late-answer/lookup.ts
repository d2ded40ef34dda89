// WRONG: kills the child at the deadline, but keeps listening: an answer that arrives after the
// deadline (a child can still get one out while it is being ended) replaces the fallback. The caller
// who was promised "null at the deadline" gets an address, late.
import { fork } from 'node:child_process';

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		let answer: string | null = null;
		const timer = setTimeout(() => child.kill(), timeoutMs);
		child.once('message', (address: string) => {
			answer = address; // in time or not
			clearTimeout(timer);
			child.kill();
		});
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(answer);
		});
		child.send(name);
	});
}
