// WRONG: everyone's totals are in the shared buffer, as they must be, but updated with a plain
// `all[0]++` / `all[1] += value`: a read, an add and a write. When two workers do it at the same
// moment, both read the same old value and one update is lost. A few dozen records rarely show it;
// a million per worker, all at once, do.

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
	all![0]++;
	all![1] += value;
}

export function mine(): Totals {
	return { ...own };
}

export function everyone(): Totals {
	return { count: all![0]!, sum: all![1]! };
}
