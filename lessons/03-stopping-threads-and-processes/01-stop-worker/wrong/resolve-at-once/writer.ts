// WRONG: stop() raises the flag and resolves at once. The flag is right and the worker will stop, but
// not yet: it is still finishing the unit it is on, holding the lock. Whoever awaits stop() and then
// uses the log finds the writer still at work.
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const stop = new Int32Array(new SharedArrayBuffer(4));
	new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log, stop: stop.buffer } });
	return {
		async stop() {
			Atomics.store(stop, 0, 1);
		},
	};
}
