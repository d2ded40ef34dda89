// WRONG: a per-thread table in shared memory, keyed by process.pid. All workers are threads of the
// same process, so they all have the same pid: every worker adds into the same slot, and each
// one's mine() is really everyone's. (Python's version of this bug: keying by os.getpid() instead of
// threading.get_ident().) In Node the table is not needed at all: module variables are per worker.

export interface Totals {
	count: number;
	sum: number;
}

const SLOTS = 100; // 100 slots of [count, sum] after everyone's two numbers
let table: Int32Array | undefined;

export function attach(shared: SharedArrayBuffer): void {
	table = new Int32Array(shared, 0, 2 + 2 * SLOTS);
}

const slot = () => 2 + 2 * (process.pid % SLOTS);

export function record(value: number): void {
	Atomics.add(table!, slot(), 1);
	Atomics.add(table!, slot() + 1, value);
	Atomics.add(table!, 0, 1);
	Atomics.add(table!, 1, value);
}

export function mine(): Totals {
	return { count: Atomics.load(table!, slot()), sum: Atomics.load(table!, slot() + 1) };
}

export function everyone(): Totals {
	return { count: Atomics.load(table!, 0), sum: Atomics.load(table!, 1) };
}
