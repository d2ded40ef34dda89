// (This file is the correct main side; the mistake is in writer-worker.ts.)
// Starts the writer thread; stop() ends it cleanly, without worker.terminate().
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	/** Asks the writer to stop after its current unit; resolves once the worker thread has exited. */
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	// A stop flag both threads see: shared memory, not a copy.
	const stop = new Int32Array(new SharedArrayBuffer(4));
	const worker = new Worker(new URL('./writer-worker.js', import.meta.url), {
		workerData: { lock, log, stop: stop.buffer },
	});
	const exited = new Promise<void>((resolve, reject) => {
		worker.once('error', reject);
		worker.once('exit', () => resolve());
	});
	return {
		stop() {
			Atomics.store(stop, 0, 1);
			return exited;
		},
	};
}
