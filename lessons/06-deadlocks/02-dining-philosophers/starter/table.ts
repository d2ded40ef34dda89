// The table, written for you: forks built on the lab Mutex. You do not need to change this file.
import { Mutex, type MutexHandle } from './lab/mutex.js';

const nap = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps this thread for ms milliseconds (it uses no CPU meanwhile). */
export const sleep = (ms: number) => void Atomics.wait(nap, 0, 0, ms);

/**
 * One fork between two philosophers. Picking it up takes a moment (1 ms: reaching for it), so two
 * philosophers who go for their forks at the same time really do end up holding one each.
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
	) {
		this.mutex = Mutex.from(handle);
	}

	/** Waits until this fork is free, then holds it. */
	pickUp(): void {
		this.mutex.lock();
		this.took();
	}

	/** Holds the fork if it is free within timeoutMs and returns true; otherwise returns false, holding nothing. */
	tryPickUp(timeoutMs = 0): boolean {
		if (!this.mutex.tryLock(timeoutMs)) return false;
		this.took();
		return true;
	}

	putDown(): void {
		Atomics.store(this.holders, this.id, 0);
		this.mutex.unlock();
	}

	private took(): void {
		Atomics.store(this.holders, this.id, this.seat + 1);
		sleep(1);
	}
}
