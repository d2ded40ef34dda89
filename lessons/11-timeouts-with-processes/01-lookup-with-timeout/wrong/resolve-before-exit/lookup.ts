// WRONG: ends the child (good) but settles at once, on the answer or the timer, without waiting for the
// child's 'exit'. The child is still dying when the caller already has its answer: a lookup whose
// process outlives it, if only for a moment (or for good, if the kill does not take).
import { fork } from 'node:child_process';

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		const timer = setTimeout(() => {
			child.kill();
			resolve(null);
		}, timeoutMs);
		child.once('message', (address: string) => {
			clearTimeout(timer);
			child.kill();
			resolve(address);
		});
		child.send(name);
	});
}
