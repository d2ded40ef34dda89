// The table, written for you: forks built on the lab Mutex. You do not need to change this file.
import { Mutex, type MutexHandle } from './lab/mutex.js';

const nap = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps this thread for ms milliseconds (it uses no CPU meanwhile). */
export const sleep = (ms: number) => void Atomics.wait(nap, 0, 0, ms);

/** What each philosopher is doing, in the table's `doing` record. */
export const BETWEEN_MEALS = 0;
export const HOLDS_A_FORK = 1;
export const REACHES_FOR_A_FORK = 2;
export const DONE = 3;

/**
 * One fork between two philosophers. Picking it up takes a moment (1 ms: reaching for it), so two
 * philosophers who go for their forks at the same time really do end up holding one each.
 *
 * The grader makes them meet: a philosopher who has just picked up its first fork waits (up to
 * `meetMs`) until every other philosopher holds a fork, reaches for one, or is done. So a deadlock
 * that can happen does happen, however the philosophers time their meals: a late start or a random
 * pause only makes the others wait for them.
 */
export class Fork {
	private readonly mutex: Mutex;

	constructor(
		/** Forks are numbered 0–4 around the table. */
		readonly id: number,
		handle: MutexHandle,
		/** Shared record of who holds each fork (seat + 1, or 0), so eat() can check. */
		private readonly holders: Int32Array,
		private readonly seat: number,
		/** Shared record of what each philosopher is doing (see above), one Int32 per seat. */
		private readonly doing: Int32Array,
		private readonly meetMs: number,
	) {
		this.mutex = Mutex.from(handle);
	}

	/** Waits until this fork is free, then holds it. */
	pickUp(): void {
		this.reaching();
		this.mutex.lock();
		this.took();
	}

	/** Holds the fork if it is free within timeoutMs and returns true; otherwise returns false, holding nothing. */
	tryPickUp(timeoutMs = 0): boolean {
		this.reaching();
		if (!this.mutex.tryLock(timeoutMs)) {
			this.settle();
			return false;
		}
		this.took();
		return true;
	}

	putDown(): void {
		Atomics.store(this.holders, this.id, 0);
		this.mutex.unlock();
		this.settle();
	}

	/** How many forks this philosopher holds. */
	private held(): number {
		let n = 0;
		for (let i = 0; i < this.holders.length; i++) if (Atomics.load(this.holders, i) === this.seat + 1) n++;
		return n;
	}

	private reaching(): void {
		if (this.held() === 0) Atomics.store(this.doing, this.seat, REACHES_FOR_A_FORK);
	}

	private settle(): void {
		Atomics.store(this.doing, this.seat, this.held() > 0 ? HOLDS_A_FORK : BETWEEN_MEALS);
	}

	private took(): void {
		Atomics.store(this.holders, this.id, this.seat + 1);
		Atomics.store(this.doing, this.seat, HOLDS_A_FORK);
		if (this.held() === 1) this.meet();
		sleep(1);
	}

	/** Waits until every other philosopher holds a fork, reaches for one or is done (at most meetMs). */
	private meet(): void {
		const until = Date.now() + this.meetMs;
		const ready = () => {
			for (let s = 0; s < this.doing.length; s++) if (s !== this.seat && Atomics.load(this.doing, s) === BETWEEN_MEALS) return false;
			return true;
		};
		while (!ready() && Date.now() < until) sleep(0.2);
	}
}
