// Wrong: takes the lock in one step, but releases it with a plain write. Nothing orders that write
// with the reads and writes of the critical section before it, as Atomics.store does.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (Atomics.compareExchange(this.state, 0, 0, 1) !== 0) {
			Atomics.wait(this.state, 0, 1);
		}
	}

	unlock(): void {
		this.state[0] = 0;
		Atomics.notify(this.state, 0, 1);
	}
}
