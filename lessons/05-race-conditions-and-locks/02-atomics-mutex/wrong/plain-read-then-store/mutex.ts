// Wrong: looks with a plain read (so a slow Atomics.load cannot widen the gap), then takes the lock
// with Atomics.store. Each step on its own is fine; the pair is not one step, and two threads that
// both saw 0 both store 1 and walk in together.
export class Mutex {
	constructor(private readonly state: Int32Array) {}

	lock(): void {
		for (;;) {
			if (this.state[0] === 0) {
				Atomics.store(this.state, 0, 1);
				return;
			}
			Atomics.wait(this.state, 0, 1);
		}
	}

	unlock(): void {
		Atomics.store(this.state, 0, 0);
		Atomics.notify(this.state, 0, 1);
	}
}
