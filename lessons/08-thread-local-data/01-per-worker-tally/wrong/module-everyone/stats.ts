// WRONG: the Python habit "module globals are shared by all threads". In Python they are; in Node
// every worker imports its own copy of this module, so `allCount`/`allSum` are per worker too. The
// main thread's copy never recorded anything, so its everyone() says 0.

export interface Totals {
	count: number;
	sum: number;
}

let ownCount = 0;
let ownSum = 0;
let allCount = 0; // meant to be "everyone's" — but each thread has its own
let allSum = 0;

export function attach(shared: SharedArrayBuffer): void {
	// "no need for the shared buffer: module variables are global"
}

export function record(value: number): void {
	ownCount++;
	ownSum += value;
	allCount++;
	allSum += value;
}

export function mine(): Totals {
	return { count: ownCount, sum: ownSum };
}

export function everyone(): Totals {
	return { count: allCount, sum: allSum };
}
