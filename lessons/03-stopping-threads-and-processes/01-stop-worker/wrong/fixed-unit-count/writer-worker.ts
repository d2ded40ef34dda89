// WRONG (with writer.ts): instead of waiting to be asked, the writer writes a fixed number of units
// ("enough for the test") and ends by itself; stop() only waits for that. A writer that quits on its
// own is not a writer that stops when asked.
import { workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);

for (let i = 0; i < 3; i++) {
	lock.lock();
	try {
		writeUnit(log);
	} finally {
		lock.unlock();
	}
}
