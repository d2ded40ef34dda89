// Wrong: "if it is free, take it" with plain reads and writes of the shared Int32. The noise that
// slows Atomics.load never sees these accesses, so the race is rarely caught in the act; but two
// threads can both read 0 and both write 1, and a plain write is no indivisible step.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		while (this.state[0] !== 0) {
			Atomics.wait(this.state, 0, 1);
		}
		this.state[0] = 1;
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
		Atomics.notify(this.state, 0, 1);
	}
}
