// WRONG: stop() raises the flag, then waits a fixed 50 ms ("a unit takes 15 ms, so it must be done by
// then") and resolves. A unit can take longer than that: stop() then resolves while the worker is still
// writing, holding the lock. Wait for the worker's 'exit' event, not for a guess.
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const stop = new Int32Array(new SharedArrayBuffer(4));
	new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log, stop: stop.buffer } });
	return {
		async stop() {
			Atomics.store(stop, 0, 1);
			await sleep(50);
		},
	};
}
