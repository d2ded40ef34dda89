// Wrong: airtight (compareExchange), but a waiting thread spins: it burns a whole core asking
// "free yet?" millions of times, stealing CPU from the thread that holds the lock.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (Atomics.compareExchange(this.state, 0, 0, 1) !== 0) {
			// nothing: try again at once
		}
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
	}
}
