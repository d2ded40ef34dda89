// WRONG: waits on the flag, but never for long: 50 ms at a time, then it checks again. set() does
// wake it, yet while nothing happens it wakes up twenty times a second to look — polling, with
// Atomics.wait as the sleep.
const UNSET = 0;
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
			Atomics.wait(this.flag, 0, UNSET, Math.min(50, left)); // a look every 50 ms
		}
		return true;
	}
}
