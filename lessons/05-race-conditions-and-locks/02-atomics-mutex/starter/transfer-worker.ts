// The grader's writer. You do not need to change this file.
// Moves money between two accounts, a = books[0] and b = books[1], holding your Mutex while it does.
// A move reads both balances, takes the amount from one, pauses for 0.3 ms (the books are out of
// balance all that time), then gives the amount to the other. Only the lock keeps anybody else from
// seeing the books then, or from moving money with balances that are about to be overwritten.
//
// Every round, the two writers meet at a barrier and race for the lock at the same instant.
import { parentPort, workerData } from 'node:worker_threads';
import { installNoisyAtomics } from './noisy-atomics.js';

interface Job {
	lock: SharedArrayBuffer; // your Mutex's state
	watch: SharedArrayBuffer; // the noise's own bookkeeping (see noisy-atomics.ts)
	books: SharedArrayBuffer; // Int32Array [a, b]
	sync: SharedArrayBuffer; // Int32Array [started, writersDone, arrived, round]
	writer: 0 | 1; // writer 0 moves from a to b, writer 1 from b to a
	moves: number;
	seed: number;
	parties: number; // threads at the start line
}
const job = workerData as Job;
const real = Atomics; // this file's own synchronisation uses the real Atomics
const pause = new Int32Array(new SharedArrayBuffer(4));
installNoisyAtomics(job.lock, new Int32Array(job.watch));
const { Mutex } = await import('./mutex.js');

const mutex = new Mutex(new Int32Array(job.lock));
const books = new Int32Array(job.books);
const sync = new Int32Array(job.sync);

/** Both writers leave together: a short spin first, then sleep, so a busy machine copes. */
function barrier(): void {
	const round = real.load(sync, 3);
	if (real.add(sync, 2, 1) === 1) {
		real.store(sync, 2, 0);
		real.add(sync, 3, 1);
		real.notify(sync, 3);
		return;
	}
	for (let i = 0; i < 2000; i++) if (real.load(sync, 3) !== round) return;
	while (real.load(sync, 3) === round) real.wait(sync, 3, round, 5);
}

real.add(sync, 0, 1);
while (real.load(sync, 0) < job.parties) {} // start line: everyone goes at once

const [from, to] = job.writer === 0 ? [0, 1] : [1, 0];
const kinds = job.writer === 0 ? 7 : 5;
for (let j = 0; j < job.moves; j++) {
	const amount = 1 + ((job.seed + j) % kinds);
	barrier();
	mutex.lock();
	const fromBalance = books[from]!;
	const toBalance = books[to]!;
	books[from] = fromBalance - amount;
	real.wait(pause, 0, 0, 0.3); // the books are out of balance right here
	books[to] = toBalance + amount;
	mutex.unlock();
}
real.add(sync, 1, 1);
parentPort!.postMessage({ moves: job.moves });
