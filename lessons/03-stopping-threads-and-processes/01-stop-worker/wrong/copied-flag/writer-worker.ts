// WRONG (see writer.ts): this loop reads the worker's own copy of `control`, which never changes.
import { workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);
const control = workerData.control as { stop: boolean };

while (!control.stop) {
	lock.lock();
	try {
		writeUnit(log);
	} finally {
		lock.unlock();
	}
}
