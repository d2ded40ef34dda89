// The grader's holder and waiter. You do not need to change this file.
//   role 'holder': takes your lock, keeps it for holdMs (asleep, using no CPU), then releases it.
//   role 'waiter': started while the holder has the lock; calls lock(), which must block until the
//                  holder releases it — asleep, not spinning: the grader measures this thread's CPU.
// Both count their Atomics.wait and Atomics.notify calls (the waiter must be woken by the holder's
// unlock(), not wake up now and then to look), and tell the grader just before lock() and unlock().
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
	role: 'holder' | 'waiter';
	lock: SharedArrayBuffer;
	inside: SharedArrayBuffer; // Int32Array [holderInside, nap]
	holdMs: number;
	calls: SharedArrayBuffer; // Int32Array [waits on the lock, of them timed out, notifies on the lock, other waits]
}
const job = workerData as Job;
const real = Atomics; // this file's own synchronisation uses the real Atomics
const calls = new Int32Array(job.calls);
const counting: typeof Atomics = Object.create(real, {
	wait: {
		value(array: Int32Array, index: number, value: number, timeout?: number) {
			const result = real.wait(array, index, value, timeout);
			if (array.buffer !== job.lock) real.add(calls, 3, 1);
			else {
				real.add(calls, 0, 1);
				if (result === 'timed-out') real.add(calls, 1, 1);
			}
			return result;
		},
	},
	notify: {
		value(array: Int32Array, index: number, count?: number) {
			if (array.buffer === job.lock) real.add(calls, 2, 1);
			return real.notify(array, index, count);
		},
	},
});
Object.defineProperty(globalThis, 'Atomics', { value: counting, configurable: true, writable: true });
const { Mutex } = await import('./mutex.js');

const mutex = new Mutex(new Int32Array(job.lock));
const inside = new Int32Array(job.inside);

if (job.role === 'holder') {
	mutex.lock();
	real.store(inside, 0, 1);
	parentPort!.postMessage('locked');
	real.wait(inside, 1, 0, job.holdMs); // sleeps: nobody ever notifies this cell
	real.store(inside, 0, 0);
	parentPort!.postMessage('unlocking');
	mutex.unlock();
} else {
	parentPort!.postMessage('locking');
	mutex.lock();
	const holderInside = real.load(inside, 0) === 1; // must be false: the holder has left
	mutex.unlock();
	parentPort!.postMessage({ holderInside });
}
