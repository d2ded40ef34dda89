// The lab Mutex: a lock shared between worker threads, built on a SharedArrayBuffer and Atomics.
// Works anywhere; inside conc-tutor's grader it also reports each lock event, so the grader can draw your
// timeline and, if threads get stuck, the wait-for graph ("worker 1 holds A and waits for B").
//
//   main:    const a = Mutex.create('A'); new Worker(url, { workerData: { a: a.handle } })
//   worker:  const a = Mutex.from(workerData.a); a.lock(); try { ... } finally { a.unlock(); }

const UNLOCKED = 0;
const LOCKED = 1;

type LockEvent = { type: 'lock-wait' | 'lock-acquired' | 'lock-released' | 'lock-gave-up'; lock: string };
const trace: (event: LockEvent) => void =
	(globalThis as Record<symbol, unknown>)[Symbol.for('conc-tutor.trace')] as (event: LockEvent) => void ?? (() => {});

/** What you pass to a worker (in workerData or a message) so it can use the same lock. */
export interface MutexHandle {
	name: string;
	buffer: SharedArrayBuffer;
}

export class Mutex {
	private readonly state: Int32Array;

	private constructor(readonly name: string, readonly buffer: SharedArrayBuffer) {
		this.state = new Int32Array(buffer);
	}

	/** A new, unlocked mutex. The name shows up in timelines and deadlock reports. */
	static create(name: string): Mutex {
		return new Mutex(name, new SharedArrayBuffer(4));
	}

	/** The same mutex, on the other side of postMessage/workerData. */
	static from(handle: MutexHandle): Mutex {
		return new Mutex(handle.name, handle.buffer);
	}

	get handle(): MutexHandle {
		return { name: this.name, buffer: this.buffer };
	}

	/** Blocks this thread until the lock is ours. Never call it twice without unlock() in between. */
	lock(): void {
		if (Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED) !== UNLOCKED) {
			trace({ type: 'lock-wait', lock: this.name });
			while (Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED) !== UNLOCKED) {
				Atomics.wait(this.state, 0, LOCKED);
			}
		}
		trace({ type: 'lock-acquired', lock: this.name });
	}

	/** Takes the lock if it becomes free within timeoutMs; returns false (holding nothing) otherwise. */
	tryLock(timeoutMs = 0): boolean {
		const deadline = Date.now() + timeoutMs;
		let waited = false;
		while (Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED) !== UNLOCKED) {
			const left = deadline - Date.now();
			if (left <= 0) {
				if (waited) trace({ type: 'lock-gave-up', lock: this.name });
				return false;
			}
			if (!waited) trace({ type: 'lock-wait', lock: this.name });
			waited = true;
			Atomics.wait(this.state, 0, LOCKED, left);
		}
		trace({ type: 'lock-acquired', lock: this.name });
		return true;
	}

	unlock(): void {
		trace({ type: 'lock-released', lock: this.name });
		if (Atomics.compareExchange(this.state, 0, LOCKED, UNLOCKED) !== LOCKED) {
			throw new Error(`unlock() of mutex "${this.name}", which was not locked`);
		}
		Atomics.notify(this.state, 0, 1);
	}
}
