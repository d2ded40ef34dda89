// The grader's teller. You do not need to change this file.
// Each teller is a worker thread that makes a list of transfers, one after another, with your
// transfer(). All tellers start at the same moment (a start gate) and share the same accounts.
//
// The locks it hands to transfer() are the lab Mutexes, slowed down: every lock() (and every
// successful tryLock()) takes 0.3 ms longer, as if fetching the account's record. That widens the
// gap between taking a first lock and a second one, so a deadlock that *can* happen, does happen.
import { parentPort, workerData } from 'node:worker_threads';
import { Mutex, type MutexHandle } from './lab/mutex.js';
import { transfer } from './bank.js';

interface Job {
	balances: SharedArrayBuffer; // Int32Array, one balance per account
	locks: MutexHandle[]; // one lab Mutex per account
	transfers: Array<[from: number, to: number, amount: number]>;
	gate: SharedArrayBuffer;
	tellers: number;
}
const job = workerData as Job;
const nap = new Int32Array(new SharedArrayBuffer(4));
const slow = () => Atomics.wait(nap, 0, 0, 0.3);

/** A lab Mutex whose lock() takes a little longer. Same methods, same name, same trace events. */
function slowed(mutex: Mutex): Mutex {
	return Object.assign(Object.create(mutex) as Mutex, {
		lock(): void {
			mutex.lock();
			slow();
		},
		tryLock(timeoutMs?: number): boolean {
			const got = mutex.tryLock(timeoutMs);
			if (got) slow();
			return got;
		},
		unlock(): void {
			mutex.unlock();
		},
	});
}

const balances = new Int32Array(job.balances);
const locks = job.locks.map((handle) => slowed(Mutex.from(handle)));
const gate = new Int32Array(job.gate);
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < job.tellers) {} // everyone starts at once

let moved = 0;
let refused = 0;
for (const [from, to, amount] of job.transfers) {
	if (transfer(balances, locks, from, to, amount)) moved++;
	else refused++;
}
parentPort!.postMessage({ moved, refused });
