// WRONG (see writer.ts): the listener is fine, but this synchronous loop never lets it run.
import { parentPort, workerData } from 'node:worker_threads';
import { Mutex } from './lab/mutex.js';
import { writeUnit } from './unit.js';

const lock = Mutex.from(workerData.lock);
const log = new Int32Array(workerData.log);
let stopping = false;
parentPort!.on('message', () => {
	stopping = true;
});

while (!stopping) {
	lock.lock();
	try {
		writeUnit(log);
	} finally {
		lock.unlock();
	}
}
parentPort!.close();
