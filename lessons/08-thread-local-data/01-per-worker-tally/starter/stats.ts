// Task statistics for one thread, plus everyone's together.
//
// Every thread that imports this file (the main thread and each worker) gets its OWN copy of it:
// its own module-level variables. The SharedArrayBuffer given to attach() is the only memory all of
// them share. Fill in the four functions.

export interface Totals {
	count: number;
	sum: number;
}

/** Called once in every thread (the main thread and each worker) with the same 1024-byte shared buffer. */
export function attach(shared: SharedArrayBuffer): void {
	throw new Error('not written yet');
}

/** Counts one task's value: in this thread's own totals, and in everyone's. */
export function record(value: number): void {
	throw new Error('not written yet');
}

/** This thread's own totals: only the values record() was called with in this thread. */
export function mine(): Totals {
	throw new Error('not written yet');
}

/** Everyone's totals: the values record() was called with in all threads together. */
export function everyone(): Totals {
	throw new Error('not written yet');
}
