// The grader's noise. You do not need to change this file.
//
// A thread can be interrupted between any two steps, but the gap between "I read the lock: it is
// free" and "I mark it as mine" is a few nanoseconds, so a test could run for hours before two threads
// happen to fall into it together. This makes the gap long on purpose: the writers and the auditor
// replace Atomics with a copy whose load() naps for 0.2 ms whenever it reads 0 (free) from the
// lock's memory, and whose store() naps for 0.2 ms before it writes a non-zero value (held) there.
// A lock that takes itself in one indivisible step (compareExchange, exchange) does not care; a lock
// that looks first and takes afterwards lets a second thread in during the nap.
// (Tools such as IBM's ConTest test Java programs the same way: noise at the synchronisation points.)
//
// The copy also keeps, in `watch`, the last value an Atomics call wrote to the lock. If the lock holds
// something else when the next Atomics call that writes or waits comes, a plain `state[0] = …` wrote
// it: that is counted.

/**
 * Installs the noisy Atomics in this thread. Call it before importing the code under test.
 * `watch` is an Int32Array over memory shared by every noisy thread: [guard, last value, plain writes].
 */
export function installNoisyAtomics(lockBuffer: SharedArrayBuffer, watch: Int32Array, napMs = 0.2): void {
	const real = Atomics;
	const nap = new Int32Array(new SharedArrayBuffer(4));
	const isLock = (array: unknown) => (array as Int32Array).buffer === lockBuffer;
	/**
	 * Runs `op` on the lock alone, noting any plain write since the last call. The guard is held for
	 * nanoseconds, but its holder can lose its core: the others sleep on it rather than spin.
	 */
	function watched<T>(array: Int32Array, op: () => T): T {
		while (real.compareExchange(watch, 0, 0, 1) !== 0) real.wait(watch, 0, 1, 1);
		try {
			if (real.load(array, 0) !== real.load(watch, 1)) real.add(watch, 2, 1);
			return op();
		} finally {
			real.store(watch, 1, real.load(array, 0));
			real.store(watch, 0, 0);
			real.notify(watch, 0, 1);
		}
	}
	const wrap = (name: string, before?: (args: any[]) => void, after?: (value: any, args: any[]) => void) => ({
		value(...args: any[]) {
			const method = (real as any)[name] as (...a: any[]) => any;
			if (!isLock(args[0])) return method.apply(real, args);
			before?.(args);
			let value;
			const found = name === 'compareExchange' ? real.load(args[0], args[1]) : undefined;
			if (name === 'load') value = real.load(args[0], args[1]);
			else if (found !== undefined && found !== args[2]) {
				// It would fail: answer what it found without writing (and without the guard, so that a
				// thread that spins on compareExchange does not keep the guard from the lock's holder).
				// Read once: read again, a release in between would answer "free" for a take that never happened.
				value = found;
			} else if (name === 'wait') {
				watched(args[0], () => 0); // only its start is watched, never while it sleeps
				value = method.apply(real, args);
			} else value = watched(args[0], () => method.apply(real, args));
			after?.(value, args);
			return value;
		},
	});
	const napFor = () => real.wait(nap, 0, 0, napMs);
	const noisy: typeof Atomics = Object.create(real, {
		load: wrap('load', undefined, (value) => value === 0 && napFor()),
		store: wrap('store', (args) => Number(args[2]) !== 0 && napFor()),
		...Object.fromEntries(['add', 'sub', 'and', 'or', 'xor', 'exchange', 'compareExchange', 'wait', 'notify'].map((name) => [name, wrap(name)])),
	});
	Object.defineProperty(globalThis, 'Atomics', { value: noisy, configurable: true, writable: true });
}
