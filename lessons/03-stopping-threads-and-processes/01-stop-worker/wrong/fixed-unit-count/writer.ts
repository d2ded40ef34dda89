// WRONG: see writer-worker.ts. stop() asks nothing; it only waits for the worker to end by itself.
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
			return exited;
		},
	};
}
