// WRONG: waits on whatever value the flag holds now. While it is unset that is right; but once the
// event is set, wait() sleeps on SET until the timeout (or forever) instead of returning at once.
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
		Atomics.wait(this.flag, 0, Atomics.load(this.flag, 0), timeoutMs); // sleep until it changes
		return this.isSet();
	}
}
