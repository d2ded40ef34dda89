// Wrong: unlock() frees the lock but never notifies. A thread already asleep in Atomics.wait is not
// woken by the store: it sleeps forever, and the program hangs.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (Atomics.compareExchange(this.state, 0, 0, 1) !== 0) {
			Atomics.wait(this.state, 0, 1);
		}
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
	}
}
