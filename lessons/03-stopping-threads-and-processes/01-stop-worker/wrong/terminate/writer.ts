// WRONG: stops the writer with worker.terminate(). terminate() ends the thread wherever it is — almost
// always in the middle of a unit, holding the lock. The record stays half written and the lock stays
// locked forever: any other thread that needs the log now waits forever.
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log } });
	return {
		async stop() {
			await worker.terminate();
		},
	};
}
