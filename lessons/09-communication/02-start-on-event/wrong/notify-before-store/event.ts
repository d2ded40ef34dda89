// WRONG: wakes the waiters first and sets the flag after. A woken thread re-checks the flag; if it
// looks before the store, it sees UNSET and goes back to sleep, and no second notify ever comes. Rare
// on an idle machine, so it passes most runs, and then a runner sleeps forever.
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
		Atomics.notify(this.flag, 0); // wake everyone...
		Atomics.store(this.flag, 0, SET); // ...and set the flag
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
