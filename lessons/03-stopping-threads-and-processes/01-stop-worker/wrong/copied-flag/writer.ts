// WRONG: the stop flag is a plain object passed in workerData. workerData is COPIED into the worker
// (structured clone), so setting `control.stop = true` here changes only the main thread's copy. The
// worker's copy stays false forever: it never stops. (Python threads share objects; workers do not.)
import { Worker } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const control = { stop: false };
	const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log, control } });
	const exited = new Promise<void>((resolve, reject) => {
		worker.once('error', reject);
		worker.once('exit', () => resolve());
	});
	return {
		stop() {
			control.stop = true;
			return exited;
		},
	};
}
