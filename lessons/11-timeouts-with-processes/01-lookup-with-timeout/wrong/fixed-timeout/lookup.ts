// WRONG: uses a time limit of its own, one second, instead of timeoutMs ("the grader uses 1000 ms").
// When the caller allows more, slow names are given up on too early.
import { fork } from 'node:child_process';

const LIMIT_MS = 1000;

export function lookup(name: string, timeoutMs: number): Promise<string | null> {
	void timeoutMs;
	return new Promise((resolve) => {
		const child = fork(new URL('./resolver-child.js', import.meta.url));
		let answer: string | null = null;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill();
		}, LIMIT_MS);
		child.once('message', (address: string) => {
			if (timedOut) return;
			answer = address;
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
