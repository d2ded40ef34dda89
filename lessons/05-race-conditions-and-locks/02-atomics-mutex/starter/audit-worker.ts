// The grader's auditor. You do not need to change this file.
// While the writers run, it takes your lock again and again and checks that a + b is still the
// total. With a working lock it never sees a move half done.
import { parentPort, workerData } from 'node:worker_threads';
import { installNoisyAtomics } from './noisy-atomics.js';

interface Job {
	lock: SharedArrayBuffer;
	watch: SharedArrayBuffer; // the noise's own bookkeeping (see noisy-atomics.ts)
	books: SharedArrayBuffer;
	sync: SharedArrayBuffer;
	total: number;
	writers: number;
	parties: number;
}
const job = workerData as Job;
const real = Atomics;
installNoisyAtomics(job.lock, new Int32Array(job.watch));
const { Mutex } = await import('./mutex.js');

const mutex = new Mutex(new Int32Array(job.lock));
const books = new Int32Array(job.books);
const sync = new Int32Array(job.sync);
const nap = new Int32Array(new SharedArrayBuffer(4));

real.add(sync, 0, 1);
while (real.load(sync, 0) < job.parties) {}

let audits = 0;
let unbalanced = 0;
while (real.load(sync, 1) < job.writers) {
	mutex.lock();
	const sum = books[0]! + books[1]!;
	mutex.unlock();
	audits++;
	if (sum !== job.total) unbalanced++;
	real.wait(nap, 0, 0, 0.05); // a 50 µs nap: the writers get the cores most of the time
}
parentPort!.postMessage({ audits, unbalanced });
