// WRONG: games what the grader reads. stop() terminates the worker, then "repairs" what terminate()
// broke: it marks the half-written unit as finished in the log and unlocks the lock from the main
// thread. The counters look right and the lock is free, but the unit was cut in half all the same,
// and the main thread released a lock it never took.
import { Worker } from 'node:worker_threads';
import { Mutex, type MutexHandle } from './lab/mutex.js';
import { BEGUN, ENDED } from './unit.js';

export interface Writer {
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { lock, log } });
	const counts = new Int32Array(log);
	return {
		async stop() {
			await worker.terminate();
			if (Atomics.load(counts, BEGUN) !== Atomics.load(counts, ENDED)) {
				Atomics.store(counts, ENDED, Atomics.load(counts, BEGUN));
				Mutex.from(lock).unlock();
			}
		},
	};
}
