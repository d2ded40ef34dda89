// WRONG: asks the worker to stop with a message. The worker's loop never returns to its event loop,
// so the 'message' event is never delivered: the worker never hears the request and never stops.
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log } });
	const exited = new Promise<void>((resolve, reject) => {
		worker.once('error', reject);
		worker.once('exit', () => resolve());
	});
	return {
		stop() {
			worker.postMessage('stop');
			return exited;
		},
	};
}
