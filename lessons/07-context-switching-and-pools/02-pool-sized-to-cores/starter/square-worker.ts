// The worker that runs one CPU-bound task at a time. You do not need to change this file.
//
// Protocol: post it { index, from, to } (one task per message, as many as you like); it answers each
// with { index, sum }: the sum of i*i for every integer i with from <= i < to, modulo 1 000 003.
// A task keeps one core busy for about 20 ms: pure computation, no waiting.
import { parentPort } from 'node:worker_threads';

export interface Range {
	index: number;
	from: number;
	to: number;
}

export interface Sum {
	index: number;
	sum: number;
}

const P = 1_000_003;

parentPort!.on('message', ({ index, from, to }: Range) => {
	let sum = 0;
	for (let i = from; i < to; i++) sum = (sum + i * i) % P;
	const answer: Sum = { index, sum };
	parentPort!.postMessage(answer);
});
