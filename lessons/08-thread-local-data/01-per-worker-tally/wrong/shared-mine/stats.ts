// WRONG: keeps "this thread's" totals in the shared buffer too, next to everyone's. Shared memory is
// the same for every worker, so each worker's mine() counts what the others recorded as well: it is
// not thread-local at all. (A plain module-level variable would have been: one copy per worker.)

export interface Totals {
	count: number;
	sum: number;
}

let all: Int32Array | undefined; // [count, sum] of everyone
let own: Int32Array | undefined; // [count, sum] "of this thread" — but in shared memory

export function attach(shared: SharedArrayBuffer): void {
	all = new Int32Array(shared, 0, 2);
	own = new Int32Array(shared, 8, 2);
}

export function record(value: number): void {
	Atomics.add(own!, 0, 1);
	Atomics.add(own!, 1, value);
	Atomics.add(all!, 0, 1);
	Atomics.add(all!, 1, value);
}

export function mine(): Totals {
	return { count: Atomics.load(own!, 0), sum: Atomics.load(own!, 1) };
}

export function everyone(): Totals {
	return { count: Atomics.load(all!, 0), sum: Atomics.load(all!, 1) };
}
