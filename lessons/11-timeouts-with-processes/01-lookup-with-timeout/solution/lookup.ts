import { fork } from 'node:child_process';

/**
 * Looks `name` up in a child process running resolver-child.ts. Resolves with the address if it
 * arrives within `timeoutMs`, otherwise with null — and in both cases only after the child has exited.
 */
export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		let answer: string | null = null;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill(); // SIGTERM: the blocked child cannot run any code, so it simply dies
		}, timeoutMs);
		child.once('message', (address: string) => {
			if (timedOut) return; // too late: the deadline passed, keep the fallback
			answer = address;
			clearTimeout(timer);
			child.kill(); // done with it
		});
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		// Settle only once the child is really gone, like p.terminate(); p.join() in Python.
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(answer);
		});
		child.send(name);
	});
}
