// WRONG: "the main thread never records, so its mine() is always zero": mine() is hard-wired to
// { count: 0, sum: 0 } on the main thread. The main thread is a thread like the others: when it calls
// record(), its mine() must count those calls.
import { isMainThread } from 'node:worker_threads';

export interface Totals {
	count: number;
	sum: number;
}

const own: Totals = { count: 0, sum: 0 };
let all: Int32Array | undefined;

export function attach(shared: SharedArrayBuffer): void {
	all = new Int32Array(shared, 0, 2);
}

export function record(value: number): void {
	own.count++;
	own.sum += value;
	Atomics.add(all!, 0, 1);
	Atomics.add(all!, 1, value);
}

export function mine(): Totals {
	return isMainThread ? { count: 0, sum: 0 } : { ...own };
}

export function everyone(): Totals {
	return { count: Atomics.load(all!, 0), sum: Atomics.load(all!, 1) };
}
