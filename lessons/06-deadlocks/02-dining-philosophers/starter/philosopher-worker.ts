// The grader's philosopher: one worker thread per seat. You do not need to change this file.
// Seat i has fork i on its left and fork (i + 1) % 5 on its right. All five sit down at the same
// moment (a start gate), then call your dine(); the forks make them meet at every first fork (see
// table.ts). Each seat's meal lasts 1 to 3 ms (from the seed).
import { parentPort, workerData } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';
import { dine } from './philosopher.js';
import { DONE, Fork, sleep } from './table.js';

interface Job {
	seat: number;
	forks: MutexHandle[];
	holders: SharedArrayBuffer; // Int32Array: who holds each fork
	meals: SharedArrayBuffer; // Int32Array: meals eaten per seat
	gate: SharedArrayBuffer;
	mealsEach: number;
	doing: SharedArrayBuffer; // Int32Array: what each philosopher is doing (table.ts)
	meetMs: number;
	eatMs: number;
}
const job = workerData as Job;
const seats = job.forks.length;
const holders = new Int32Array(job.holders);
const eaten = new Int32Array(job.meals);
const doing = new Int32Array(job.doing);
let putDowns = 0;
/** A fork that counts how often this philosopher puts it down. */
function counted(fork: Fork): Fork {
	const putDown = fork.putDown.bind(fork);
	fork.putDown = () => {
		putDowns++;
		putDown();
	};
	return fork;
}
const left = counted(new Fork(job.seat, job.forks[job.seat]!, holders, job.seat, doing, job.meetMs));
const right = counted(new Fork((job.seat + 1) % seats, job.forks[(job.seat + 1) % seats]!, holders, job.seat, doing, job.meetMs));

let withoutForks = 0;
let keptForks = 0;
let meals = 0;
/** One meal: only counts as eating if this philosopher holds both of its forks right now. */
function eat(): void {
	const mine = job.seat + 1;
	if (Atomics.load(holders, left.id) !== mine || Atomics.load(holders, right.id) !== mine) withoutForks++;
	// Both forks go down after every meal: before meal n, at least 2 × n put-downs.
	if (putDowns < 2 * meals) keptForks++;
	meals++;
	sleep(job.eatMs);
	Atomics.add(eaten, job.seat, 1);
}

const gate = new Int32Array(job.gate);
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < seats) {}

try {
	dine(job.seat, left, right, job.mealsEach, eat);
} finally {
	Atomics.store(doing, job.seat, DONE);
}
parentPort!.postMessage({ withoutForks, keptForks });
