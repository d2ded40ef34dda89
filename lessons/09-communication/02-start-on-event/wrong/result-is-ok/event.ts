// WRONG: trusts what Atomics.wait returns: 'ok' means "someone woke me", so the event was set. But
// when the flag is already set, Atomics.wait returns 'not-equal' at once — and wait() says false.
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
		return Atomics.wait(this.flag, 0, UNSET, timeoutMs) === 'ok'; // woken by set()
	}
}
