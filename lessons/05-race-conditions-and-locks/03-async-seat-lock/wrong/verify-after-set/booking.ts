// Wrong: no lock at all; reserve() writes, then reads the seat back and reports true only if it still
// holds its own name. Two callers can each write, read back their own name before the other writes,
// and both be told the seat is theirs.
/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

/** A lock for async code on one thread: at most one holder at a time, the others wait their turn. */
export class AsyncLock {
	private held = false;
	/** Resolvers of the callers waiting for the lock, first come first served. */
	private readonly waiting: Array<() => void> = [];

	/** Resolves with a `release` function once the lock is yours. A second call of it does nothing. */
	async acquire(): Promise<() => void> {
		if (this.held) {
			// Wait until a release hands the lock to us. It stays held in between: nobody can sneak in.
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.held = true;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.waiting.shift();
			if (next) next(); // hand the lock straight to the next waiter
			else this.held = false;
		};
	}
}

/**
 * Reserves `seat` for `who`: resolves true if the seat was free and is now theirs, false if someone
 * already had it. If the store fails, rejects with the store's error.
 */
export async function reserve(store: SeatStore, seat: string, who: string): Promise<boolean> {
	if ((await store.get(seat)) !== undefined) return false;
	await store.set(seat, who);
	return (await store.get(seat)) === who;
}
