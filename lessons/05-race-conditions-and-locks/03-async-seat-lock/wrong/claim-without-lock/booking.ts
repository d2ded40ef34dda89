// Wrong: reserve() never takes the lock. It marks the seat "claimed" before its first await (one thread:
// nothing can come between the look and the mark) and tells every later caller false, without asking the
// store. One winner, but not the truth: a second caller for a seat that does not exist hears "taken".
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
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.held = true;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.waiting.shift();
			if (next) next();
			else this.held = false;
		};
	}
}

/**
 * Seats some reservation has already claimed, per store. JavaScript runs one thing at a time, so
 * "is it claimed? then claim it" before the first await cannot be interrupted: no lock needed.
 */
const claimed = new WeakMap<SeatStore, Set<string>>();

/**
 * Reserves `seat` for `who`: resolves true if the seat was free and is now theirs, false if someone
 * already had it. If the store fails, rejects with the store's error.
 */
export async function reserve(store: SeatStore, seat: string, who: string): Promise<boolean> {
	let seats = claimed.get(store);
	if (!seats) {
		seats = new Set();
		claimed.set(store, seats);
	}
	if (seats.has(seat)) return false; // someone is already taking it
	seats.add(seat);
	try {
		const owner = await store.get(seat);
		if (owner !== undefined) return false;
		await store.set(seat, who);
		return true;
	} catch (error) {
		seats.delete(seat); // it failed: let others try the seat again
		throw error;
	}
}
