// Wrong: release() wakes every waiter at once, and each of them just sets held = true and goes on. With
// two callers waiting, both get "the" lock at the same time, and the check-then-act race is back.
/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

export class AsyncLock {
	private held = false;
	private waiting: Array<() => void> = [];

	async acquire(): Promise<() => void> {
		if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.held = true;
		return () => {
			this.held = false;
			const everyone = this.waiting;
			this.waiting = [];
			for (const wake of everyone) wake(); // all of them go on, and all of them think they hold the lock
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
