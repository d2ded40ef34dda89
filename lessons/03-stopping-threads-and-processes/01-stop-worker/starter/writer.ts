// Starts the writer thread; stop() must end it cleanly, without worker.terminate().
import type { MutexHandle } from './lab/mutex.js';

export interface Writer {
	/** Asks the writer to stop after its current unit; resolves once the worker thread has exited. */
	stop(): Promise<void>;
}

export function startWriter(lock: MutexHandle, log: SharedArrayBuffer): Writer {
	throw new Error('not written yet');
}
