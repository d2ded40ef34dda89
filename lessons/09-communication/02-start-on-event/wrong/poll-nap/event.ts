// WRONG: sleep-and-poll. wait() naps 10 ms at a time in Atomics.wait on an array of its own, then
// looks at the flag again. It uses almost no CPU, so it looks asleep, but it is polling: it wakes up a
// hundred times a second, and notices set() only at its next nap's end.
const UNSET = 0;
const nap = new Int32Array(new SharedArrayBuffer(4)); // nobody ever notifies this one
const SET = 1;

export class ThreadEvent {
	private readonly flag: Int32Array;

	private constructor(readonly handle: SharedArrayBuffer) {
		this.flag = new Int32Array(handle);
	}

	static create(): ThreadEvent {
		return new ThreadEvent(new SharedArrayBuffer(4));
	}

	static from(handle: SharedArrayBuffer): ThreadEvent {
		return new ThreadEvent(handle);
	}

	isSet(): boolean {
		return Atomics.load(this.flag, 0) === SET;
	}

	set(): void {
		Atomics.store(this.flag, 0, SET);
		Atomics.notify(this.flag, 0); // no count: wake every waiting thread
	}

	clear(): void {
		Atomics.store(this.flag, 0, UNSET);
	}

	wait(timeoutMs = Infinity): boolean {
		const deadline = Date.now() + timeoutMs;
		while (Atomics.load(this.flag, 0) !== SET) {
			const left = deadline - Date.now();
			if (left <= 0) return false;
			Atomics.wait(nap, 0, 0, Math.min(10, left)); // a short nap, then check again
		}
		return true;
	}
}
