// Reference. Module-level variables are already per thread: each worker runs its own copy of this
// module, so `own` is this thread's and nobody else's (Python needs threading.local() for that).
// Everyone's totals must be in the shared buffer, and updated with Atomics: several workers add at once.

export interface Totals {
	count: number;
	sum: number;
}

const own: Totals = { count: 0, sum: 0 }; // this thread's own: one copy per worker
let all: Int32Array | undefined; // [count, sum] of everyone, in shared memory

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
	return { ...own };
}

export function everyone(): Totals {
	return { count: Atomics.load(all!, 0), sum: Atomics.load(all!, 1) };
}
