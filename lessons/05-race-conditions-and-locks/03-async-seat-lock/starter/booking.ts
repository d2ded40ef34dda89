/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

/** A lock for async code on one thread: at most one holder at a time, the others wait their turn. */
export class AsyncLock {
	/** Resolves with a `release` function once the lock is yours. A second call of it does nothing. */
	acquire(): Promise<() => void> {
		throw new Error('not written yet');
	}
}

/**
 * Reserves `seat` for `who`: resolves true if the seat was free and is now theirs, false if someone
 * already had it. If the store fails, rejects with the store's error.
 */
export async function reserve(store: SeatStore, seat: string, who: string): Promise<boolean> {
	const owner = await store.get(seat);
	if (owner !== undefined) return false;
	await store.set(seat, who);
	return true;
}
