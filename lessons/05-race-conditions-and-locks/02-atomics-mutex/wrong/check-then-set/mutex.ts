// Wrong: "if it is free, take it" in two steps. Two threads can both see 0, then both store 1, and
// both walk into the critical section: the lost update again, one level down.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (Atomics.load(this.state, 0) !== 0) {
			Atomics.wait(this.state, 0, 1);
		}
		Atomics.store(this.state, 0, 1);
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
		Atomics.notify(this.state, 0, 1);
	}
}
