// An event that threads can wait for, like Python's threading.Event: a flag in shared memory that
// starts unset. wait() blocks the calling thread until some thread calls set().
//
//   main:   const start = ThreadEvent.create();  new Worker(url, { workerData: { start: start.handle } })
//   worker: const start = ThreadEvent.from(workerData.start);  start.wait();

const UNSET = 0;
const SET = 1;

export class ThreadEvent {
	/** One Int32 in shared memory: UNSET or SET. */
	private readonly flag: Int32Array;

	private constructor(readonly handle: SharedArrayBuffer) {
		this.flag = new Int32Array(handle);
	}

	/** A new event, not set. Pass `event.handle` to workers (in workerData or a message). */
	static create(): ThreadEvent {
		return new ThreadEvent(new SharedArrayBuffer(4));
	}

	/** The same event, on the other side of workerData/postMessage. */
	static from(handle: SharedArrayBuffer): ThreadEvent {
		return new ThreadEvent(handle);
	}

	/** True once set() has been called (and clear() has not been called since). */
	isSet(): boolean {
		throw new Error('not written yet');
	}

	/** Sets the flag and wakes every thread blocked in wait(). */
	set(): void {
		throw new Error('not written yet');
	}

	/** Unsets the flag: later wait() calls block again. */
	clear(): void {
		throw new Error('not written yet');
	}

	/**
	 * Blocks this thread until the flag is set; returns true. Returns at once if it is already set.
	 * With a timeout, gives up after timeoutMs and returns false if the flag is still not set.
	 */
	wait(timeoutMs = Infinity): boolean {
		throw new Error('not written yet');
	}
}
