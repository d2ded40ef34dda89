// The writer thread: takes the log's lock, writes one unit, releases the lock — until asked to stop.
import { workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);
const stop = new Int32Array(workerData.stop); // shared with the main thread: stop[0] becomes 1

// The flag is read only between units, when the lock is not held: a unit is never cut in half.
while (Atomics.load(stop, 0) === 0) {
	lock.lock();
	try {
		writeUnit(log);
	} finally {
		lock.unlock();
	}
}
// Falling off the end of the script: nothing keeps this thread alive, so it exits with code 0.
