// WRONG: the loop became an `if` when the flag check was added: the writer writes one unit and ends by
// itself, whether or not anyone asked it to stop. It no longer writes "until asked".
import { workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);
const stop = new Int32Array(workerData.stop);

if (Atomics.load(stop, 0) === 0) {
	lock.lock();
	try {
		writeUnit(log);
	} finally {
		lock.unlock();
	}
}
