/**
 * A mutual-exclusion lock shared by worker threads. Its whole state is one Int32 in shared memory:
 * state[0] is 0 when the lock is free (a fresh SharedArrayBuffer is all zeros) and non-zero when held.
 * Every thread builds its own Mutex object over the same shared Int32Array.
 */
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	/** Blocks the calling thread until it holds the lock. While it waits it must sleep, not spin. */
	lock(): void {
		throw new Error('not written yet');
	}

	/** Releases the lock, and wakes a thread that is waiting for it, if any. */
	unlock(): void {
		throw new Error('not written yet');
	}
}
