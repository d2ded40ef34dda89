// Wrong: release() marks the lock free and only then wakes the first waiter, which checks again when
// it runs. A caller that asks in between (in the same instant as the release) finds it free and takes
// it: it barges in ahead of everyone who was already waiting. Not first come, first served.
/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

export class AsyncLock {
	private held = false;
	private readonly waiting: Array<() => void> = [];

	async acquire(): Promise<() => void> {
		while (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.held = true;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.held = false;
			this.waiting.shift()?.();
		};
	}
}

/** One lock for every reservation: "is it free?" and "take it" happen with nobody in between. */
const lock = new AsyncLock();

/**
 * Reserves `seat` for `who`: resolves true if the seat was free and is now theirs, false if someone
 * already had it. If the store fails, rejects with the store's error.
 */
export async function reserve(store: SeatStore, seat: string, who: string): Promise<boolean> {
	const release = await lock.acquire();
	try {
		const owner = await store.get(seat);
		if (owner !== undefined) return false;
		await store.set(seat, who);
		return true;
	} finally {
		release(); // also when get() or set() rejected
	}
}
