// Wrong: record() counts only in this thread; a thread adds its count to everyone's totals only when
// it is asked for mine() or everyone(). A worker that records and is not asked afterwards is missing
// from everyone(), and the adding is a plain read-add-write besides.
// Module-level variables are per thread: each worker runs its own copy of this module, so `own` is
// this thread's. Touching the shared buffer on every record() would make the workers fight over it
// millions of times; instead each thread adds what it recorded since last time to everyone's when it
// reports (mine()), or when everyone's totals are read.

export interface Totals {
	count: number;
	sum: number;
}

const own: Totals = { count: 0, sum: 0 }; // this thread's own
const added: Totals = { count: 0, sum: 0 }; // how much of it is already in everyone's
let all: Int32Array | undefined; // [count, sum] of everyone, in shared memory

/** Adds this thread's records since the last flush to everyone's totals. */
function flush(): void {
	const count = own.count - added.count;
	const sum = own.sum - added.sum;
	if (count === 0) return;
	all![0] = all![0]! + count;
	all![1] = all![1]! + sum;
	added.count = own.count;
	added.sum = own.sum;
}

export function attach(shared: SharedArrayBuffer): void {
	all = new Int32Array(shared, 0, 2);
}

export function record(value: number): void {
	own.count++;
	own.sum += value;
}

export function mine(): Totals {
	flush();
	return { ...own };
}

export function everyone(): Totals {
	flush();
	return { count: all![0]!, sum: all![1]! };
}
