// Wrong: falls back to null on time, but never ends the child that is still stuck in its lookup.
// Every hanging lookup leaves a process behind, blocked forever (and holding its memory).
import { fork } from 'node:child_process';

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		const timer = setTimeout(() => resolve(null), timeoutMs); // gives up waiting... and that's all
		child.once('message', (address: string) => {
			clearTimeout(timer);
			child.disconnect();
			resolve(address);
		});
		child.send(name);
	});
}
