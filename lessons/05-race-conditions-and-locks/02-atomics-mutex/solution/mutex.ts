const FREE = 0;
const HELD = 1;

/**
 * A mutual-exclusion lock shared by worker threads. Its whole state is one Int32 in shared memory:
 * state[0] is 0 when the lock is free (a fresh SharedArrayBuffer is all zeros) and non-zero when held.
 * Every thread builds its own Mutex object over the same shared Int32Array.
 */
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	/** Blocks the calling thread until it holds the lock. While it waits it must sleep, not spin. */
	lock(): void {
		// compareExchange checks "is it free?" and sets "held" in one indivisible step: of two threads
		// that try at the same instant, exactly one sees FREE come back.
		while (Atomics.compareExchange(this.state, 0, FREE, HELD) !== FREE) {
			// Sleep until someone notifies, but only if the lock is still HELD at this very moment:
			// if it was released in between, wait() returns at once and we try again.
			Atomics.wait(this.state, 0, HELD);
		}
	}

	/** Releases the lock, and wakes a thread that is waiting for it, if any. */
	unlock(): void {
		Atomics.store(this.state, 0, FREE);
		Atomics.notify(this.state, 0, 1);
	}
}
