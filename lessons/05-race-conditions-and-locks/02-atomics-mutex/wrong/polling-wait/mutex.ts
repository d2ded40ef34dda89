// Wrong: airtight, and it sleeps, but only for 2 ms at a time: it wakes up to look again whether or
// not anyone released the lock, and unlock() never notifies. A waiter learns of a release up to 2 ms
// late, and a thousand waiters wake a thousand times a second for nothing.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (Atomics.compareExchange(this.state, 0, 0, 1) !== 0) {
			Atomics.wait(this.state, 0, 1, 2);
		}
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
	}
}
