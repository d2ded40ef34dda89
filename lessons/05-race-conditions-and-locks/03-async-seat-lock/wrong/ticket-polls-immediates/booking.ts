// Wrong: a ticket lock whose waiters let the event loop turn ("my turn yet?") with setImmediate from
// node:timers/promises instead of being woken by release(). First come, first served, and never two
// holders, but every waiter keeps scheduling immediates for as long as it waits: it polls.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Where reservations are kept. Both calls are asynchronous, like a database or a web service. */
export interface SeatStore {
	/** Who holds the seat, or undefined if it is free. Rejects for a seat that does not exist. */
	get(seat: string): Promise<string | undefined>;
	/** Gives the seat to `who`. */
	set(seat: string, who: string): Promise<void>;
}

/**
 * A ticket lock for async code: every caller draws the next ticket, and waits until the lock is
 * "now serving" that ticket. Fair (first come, first served) and no queue of resolvers to manage.
 */
export class AsyncLock {
	private nextTicket = 0;
	private serving = 0;

	async acquire(): Promise<() => void> {
		const ticket = this.nextTicket++;
		// Let the event loop turn until it is our turn.
		while (this.serving !== ticket) await nextTurn();
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.serving++;
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
