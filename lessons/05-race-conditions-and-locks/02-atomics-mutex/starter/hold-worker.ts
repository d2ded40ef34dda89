// The grader's holder and waiter. You do not need to change this file.
//   role 'holder': takes your lock, keeps it for holdMs (asleep, using no CPU), then releases it.
//   role 'waiter': started while the holder has the lock; calls lock(), which must block until the
//                  holder releases it — asleep, not spinning: the grader measures this thread's CPU.
import { parentPort, workerData } from 'node:worker_threads';
import { Mutex } from './mutex.js';

interface Job {
	role: 'holder' | 'waiter';
	lock: SharedArrayBuffer;
	inside: SharedArrayBuffer; // Int32Array [holderInside, nap]
	holdMs: number;
}
const job = workerData as Job;
const mutex = new Mutex(new Int32Array(job.lock));
const inside = new Int32Array(job.inside);

if (job.role === 'holder') {
	mutex.lock();
	Atomics.store(inside, 0, 1);
	parentPort!.postMessage('locked');
	Atomics.wait(inside, 1, 0, job.holdMs); // sleeps: nobody ever notifies this cell
	Atomics.store(inside, 0, 0);
	mutex.unlock();
} else {
	mutex.lock();
	const holderInside = Atomics.load(inside, 0) === 1; // must be false: the holder has left
	mutex.unlock();
	parentPort!.postMessage({ holderInside });
}
