// A worker that counts primes for whoever asks, one task at a time, until it is told to stop.
// You do not need to change this file.
//
//   main → worker:  { id: number, from: number, to: number }   count the primes in [from, to)
//   worker → main:  { id: number, count: number }                 the answer, with the task's id
//   main → worker:  'stop'                                         close the port; the worker then exits
import { parentPort } from 'node:worker_threads';
import { countPrimes } from './primes.js';

export interface Task {
	id: number;
	from: number;
	to: number;
}
export interface Answer {
	id: number;
	count: number;
}

const port = parentPort!;
port.on('message', (message: Task | 'stop') => {
	if (message === 'stop') {
		port.close(); // nothing keeps the worker alive any more: it exits by itself
		return;
	}
	const answer: Answer = { id: message.id, count: countPrimes(message.from, message.to) };
	port.postMessage(answer);
});
