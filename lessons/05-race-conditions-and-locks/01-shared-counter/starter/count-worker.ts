// One worker of the shared-counter exercise. You do not need to change this file.
// It waits until every worker has started (a start gate, so they really run at the same time), then
// calls your addMany() on the shared counter, then tells the main thread it is done.
import { parentPort, workerData } from 'node:worker_threads';
import { addMany } from './add.js';

interface Job {
	counter: SharedArrayBuffer; // 4 bytes: one Int32, shared by every worker
	gate: SharedArrayBuffer; // 4 bytes: how many workers have arrived at the start line
	workers: number;
	times: number;
}
const job = workerData as Job;

/** Blocks until `parties` workers have called it: then all of them go at once. */
function waitForEveryone(gate: Int32Array, parties: number): void {
	Atomics.add(gate, 0, 1);
	while (Atomics.load(gate, 0) < parties) {
		// spin: the others are a few milliseconds away, and waking from a spin is immediate
	}
}

waitForEveryone(new Int32Array(job.gate), job.workers);
addMany(new Int32Array(job.counter), job.times);
parentPort!.postMessage('done');
