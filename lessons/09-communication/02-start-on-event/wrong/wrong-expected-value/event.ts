// WRONG: reads Atomics.wait(flag, 0, SET) as "wait until the flag becomes SET". It means the opposite:
// "sleep while the flag still IS SET". The flag is UNSET, so the call returns "not-equal" at once and
// every runner starts without waiting for the event.

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
		Atomics.wait(this.flag, 0, SET, timeoutMs); // "until it is SET" — really "while it is SET"
		return this.isSet();
	}
}
