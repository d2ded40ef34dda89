// WRONG: set() wakes four waiters: "there are four runners". Atomics.notify's count is how many
// sleepers to wake at most; with more runners than that, the rest sleep on although the event is set.
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
		Atomics.notify(this.flag, 0, 4); // the four runners
	}

	clear(): void {
		Atomics.store(this.flag, 0, UNSET);
	}

	wait(timeoutMs = Infinity): boolean {
		const deadline = Date.now() + timeoutMs;
		while (Atomics.load(this.flag, 0) !== SET) {
			const left = deadline - Date.now();
			if (left <= 0) return false;
			Atomics.wait(this.flag, 0, UNSET, left); // sleeps only while the flag is UNSET
		}
		return true;
	}
}
