// WRONG: uses a time limit of its own, 0.7 s, instead of timeoutMs ("about what the grader uses").
// When the caller allows more, slow names are given up on too early.
import { fork } from 'node:child_process';

const LIMIT_MS = 700;

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
