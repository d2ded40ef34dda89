// Wrong: keeps whatever answer arrives before the child has exited, late or not (no "timed out" guard),
// and kills with SIGKILL, which the child cannot catch. An answer already on its way at the deadline
// is still taken: a late answer is used.
import { fork } from 'node:child_process';

/**
 * Looks `name` up in a child process running resolver-child.ts. Resolves with the address if it
 * arrives within `timeoutMs`, otherwise with null — and in both cases only after the child has exited.
 */
export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		let answer: string | null = null;
		// Out of time: the child is stuck in a blocking call, so kill it hard (SIGKILL cannot be ignored).
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('message', (address: string) => {
			answer = address;
			clearTimeout(timer);
			child.kill('SIGKILL'); // done with it
		});
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		// Settle only once the child is really gone.
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(answer);
		});
		child.send(name);
	});
}
