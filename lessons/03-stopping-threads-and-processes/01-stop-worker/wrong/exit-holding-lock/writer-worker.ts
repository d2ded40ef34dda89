// WRONG: checks the stop flag as early as possible — right after taking the lock — and quits with
// process.exit(). The record is not cut in half, but the thread ends while holding the lock, and
// nobody will ever unlock it.
import { workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);
const stop = new Int32Array(workerData.stop);

while (true) {
	lock.lock();
	if (Atomics.load(stop, 0) === 1) process.exit(0);
	writeUnit(log);
	lock.unlock();
}
