// The grader's noise. You do not need to change this file.
//
// A thread can be interrupted between any two steps, but the gap between "I read the lock: it is
// free" and "I mark it as mine" is a few nanoseconds, so a test could run for hours before two threads
// happen to fall into it together. This makes the gap long on purpose: the writers and the auditor
// replace Atomics with a copy whose load() naps for 0.2 ms whenever it reads 0 (free) from the
// lock's memory. A lock that takes itself in one indivisible step (compareExchange, exchange) does
// not care; a lock that looks first and takes afterwards lets a second thread in during the nap.
// (Tools such as IBM's ConTest test Java programs the same way: noise at the synchronisation points.)

/** Installs the noisy Atomics in this thread. Call it before importing the code under test. */
export function installNoisyAtomics(lockBuffer: SharedArrayBuffer, napMs = 0.2): void {
	const real = Atomics;
	const nap = new Int32Array(new SharedArrayBuffer(4));
	const noisy: typeof Atomics = Object.create(real, {
		load: {
			value(array: Int32Array, index: number): number {
				const value = real.load(array, index);
				if (array.buffer === lockBuffer && value === 0) real.wait(nap, 0, 0, napMs);
				return value;
			},
		},
	});
	Object.defineProperty(globalThis, 'Atomics', { value: noisy, configurable: true, writable: true });
}
