// The worker that runs one small task at a time. You do not need to change this file.
//
// Protocol: post it { index, n } (as many times as you like, one task per message);
// it answers each one with { index, steps }: the number of Collatz steps from n down to 1.
// Before answering it naps 0–2 ms (a stand-in for a little I/O), so answers come back
// in a different order than the tasks went out.
import { parentPort } from 'node:worker_threads';

export interface Task {
	index: number;
	n: number;
}

export interface Answer {
	index: number;
	steps: number;
}

function collatzSteps(n: number): number {
	let steps = 0;
	while (n !== 1) {
		n = n % 2 === 0 ? n / 2 : 3 * n + 1;
		steps++;
	}
	return steps;
}

const nap = new Int32Array(new SharedArrayBuffer(4));

parentPort!.on('message', ({ index, n }: Task) => {
	Atomics.wait(nap, 0, 0, n % 3); // sleep n % 3 ms
	const answer: Answer = { index, steps: collatzSteps(n) };
	parentPort!.postMessage(answer);
});
