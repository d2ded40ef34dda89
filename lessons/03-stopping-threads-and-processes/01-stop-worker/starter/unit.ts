// One unit of work: writing one record into the shared log. You do not need to change this file.
//
// The log is an Int32Array over a SharedArrayBuffer: log[BEGUN] counts records started, log[ENDED]
// records finished. Writing one takes about 15 ms. Call it only while holding the log's lock: a record
// half written by one thread must never be seen, or continued, by another.

export const BEGUN = 0;
export const ENDED = 1;

const pause = new Int32Array(new SharedArrayBuffer(4));

export function writeUnit(log: Int32Array): void {
	Atomics.add(log, BEGUN, 1);
	Atomics.wait(pause, 0, 0, 15); // the write in progress (the thread is blocked, as on slow I/O)
	Atomics.add(log, ENDED, 1);
}
