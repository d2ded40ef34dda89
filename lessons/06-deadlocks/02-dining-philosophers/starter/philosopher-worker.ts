// The grader's philosopher: one worker thread per seat. You do not need to change this file.
// Seat i has fork i on its left and fork (i + 1) % 5 on its right. All five sit down at the same
// moment (a start gate), then call your dine().
import { parentPort, workerData } from 'node:worker_threads';
import type { MutexHandle } from './lab/mutex.js';
import { dine } from './philosopher.js';
import { Fork, sleep } from './table.js';

interface Job {
	seat: number;
	forks: MutexHandle[];
	holders: SharedArrayBuffer; // Int32Array: who holds each fork
	meals: SharedArrayBuffer; // Int32Array: meals eaten per seat
	gate: SharedArrayBuffer;
	mealsEach: number;
}
const job = workerData as Job;
const seats = job.forks.length;
const holders = new Int32Array(job.holders);
const eaten = new Int32Array(job.meals);
const left = new Fork(job.seat, job.forks[job.seat]!, holders, job.seat);
const right = new Fork((job.seat + 1) % seats, job.forks[(job.seat + 1) % seats]!, holders, job.seat);

let withoutForks = 0;
/** One meal: only counts as eating if this philosopher holds both of its forks right now. */
function eat(): void {
	const mine = job.seat + 1;
	if (Atomics.load(holders, left.id) !== mine || Atomics.load(holders, right.id) !== mine) withoutForks++;
	sleep(1);
	Atomics.add(eaten, job.seat, 1);
}

const gate = new Int32Array(job.gate);
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < seats) {}

dine(job.seat, left, right, job.mealsEach, eat);
parentPort!.postMessage({ withoutForks });
