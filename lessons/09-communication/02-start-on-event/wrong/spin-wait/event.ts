// WRONG: waits by checking the flag in a tight loop instead of sleeping in Atomics.wait. The runners
// start at the right moment, but until then each one keeps a core 100% busy doing nothing — cores the
// main thread and other work needed. (Python's Event.wait() sleeps; so should this.)

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
		Atomics.notify(this.flag, 0);
	}

	clear(): void {
		Atomics.store(this.flag, 0, UNSET);
	}

	wait(timeoutMs = Infinity): boolean {
		const deadline = Date.now() + timeoutMs;
		while (Atomics.load(this.flag, 0) !== SET) {
			if (Date.now() >= deadline) return false; // spin, spin, spin
		}
		return true;
	}
}
