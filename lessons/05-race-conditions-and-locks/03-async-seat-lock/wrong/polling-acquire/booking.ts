// Wrong: a waiting caller looks again every millisecond ("free yet?") instead of being woken by
// release(). It works when timers get to run, but it keeps the process busy for nothing, hands the lock
// over up to a millisecond late, and to whoever happens to look first.
/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

export class AsyncLock {
	private held = false;

	async acquire(): Promise<() => void> {
		while (this.held) await new Promise<void>((resolve) => setTimeout(resolve, 1));
		this.held = true;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.held = false;
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
