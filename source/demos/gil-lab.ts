// The GIL lab: one CPU-bound job (count the primes below `limit`, in `chunks` equal ranges) done three
// ways, each on real threads:
//   async — async functions under Promise.all on ONE thread. They take turns (an await between slices)
//           but never overlap: Promise.all does not add a thread. The thread is a worker, not the TUI's
//           main thread, only so the screen keeps drawing; one worker is as much "one thread".
//   gil   — one worker per chunk, but each must hold ONE global lock (a ticket lock in a
//           SharedArrayBuffer: a simulated GIL) to compute a slice. Many threads, one runs at a time.
//   free  — one worker per chunk, no lock: as many run at once as there are cores.
// Live: each chunk's progress, wall time so far, and CPU ÷ wall from process.cpuUsage(), which counts
// every thread of the process: about 1 for the first two, about the number of cores for the third.
import { DemoEngine } from './engine.js';
import { isType, nextMessage, sharedNow } from './workers.js';

export type GilMode = 'async' | 'gil' | 'free';
export const gilModes: readonly GilMode[] = ['async', 'gil', 'free'];

export interface GilLabOptions {
	/** Count the primes in [2, limit). 8,000,000 ≈ 1.5 s on one core of the machine this was written on. */
	limit: number;
	chunks: number;
	/** Slices per chunk: the unit of work between awaits (async) or per hold of the lock (gil). */
	slices: number;
	/** Milliseconds between snapshots while a mode runs. */
	sampleMs: number;
}

export const defaultGilLabOptions: GilLabOptions = { limit: 8_000_000, chunks: 4, slices: 40, sampleMs: 100 };

export interface GilModeState {
	status: 'waiting' | 'running' | 'done';
	/** Fraction of each chunk done, 0 to 1. */
	progress: number[];
	wallMs: number;
	/** CPU time of the whole process (every thread) during the run. */
	cpuMs: number;
	/** cpuMs ÷ wallMs: how many cores were busy on average. */
	ratio: number;
	/** Chunk (1-based) holding the simulated GIL at the last sample; 0 when none. Only for "gil". */
	holder: number;
	/** The most threads ever inside a slice at the same moment: 1 under the GIL, up to `chunks` free. */
	mostAtOnce: number;
	/** The answer, once every chunk is done: the same in every mode. */
	primes?: number;
}

export interface GilLabSnapshot {
	limit: number;
	chunks: number;
	running?: GilMode;
	modes: Record<GilMode, GilModeState>;
	error?: string;
}

// Shared memory, one Int32 slot each: the start gate, the ticket lock (next ticket, now serving),
// who holds it, threads inside a slice now and at most, then one progress counter per chunk.
const GO = 0;
const HOLDER = 3;
const MOST_AT_ONCE = 5;
const PROGRESS = 6;

const PRIME_WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { mode, shared, chunks, limit, slices } = workerData;
const s = new Int32Array(shared);
const [GO, NEXT_TICKET, SERVING, HOLDER, AT_ONCE, MOST_AT_ONCE, PROGRESS] = [0, 1, 2, 3, 4, 5, 6];

function isPrime(n) {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
	return true;
}
function countRange(from, to) {
	// Count this thread in while it computes, and keep the highest count seen: the proof of how many
	// threads really computed at the same moment.
	const atOnce = Atomics.add(s, AT_ONCE, 1) + 1;
	for (let most; (most = Atomics.load(s, MOST_AT_ONCE)) < atOnce; ) Atomics.compareExchange(s, MOST_AT_ONCE, most, atOnce);
	let count = 0;
	for (let n = from; n < to; n++) if (isPrime(n)) count++;
	Atomics.sub(s, AT_ONCE, 1);
	return count;
}
// A ticket lock hands the GIL over in turn, as CPython's switch interval does; a plain
// compare-and-swap lock would let the thread that just released it take it straight back.
function gilLock(chunk) {
	const ticket = Atomics.add(s, NEXT_TICKET, 1);
	for (let serving; (serving = Atomics.load(s, SERVING)) !== ticket; ) Atomics.wait(s, SERVING, serving);
	Atomics.store(s, HOLDER, chunk + 1);
}
function gilUnlock() {
	Atomics.store(s, HOLDER, 0);
	Atomics.add(s, SERVING, 1);
	Atomics.notify(s, SERVING);
}
function bounds(chunk) {
	const size = Math.ceil(limit / chunks);
	return [chunk * size, Math.min(limit, (chunk + 1) * size)];
}
function* sliceRanges(chunk) {
	const [from, to] = bounds(chunk);
	const step = Math.max(1, Math.ceil((to - from) / slices));
	for (let start = from; start < to; start += step) yield [start, Math.min(to, start + step)];
}
const now = () => performance.timeOrigin + performance.now();
function report(chunk, primes) {
	parentPort.postMessage({ type: 'result', chunk, primes, at: now() });
}

async function asyncChunk(chunk) {
	let primes = 0;
	for (const [from, to] of sliceRanges(chunk)) {
		primes += countRange(from, to);
		Atomics.add(s, PROGRESS + chunk, to - from);
		await new Promise((resolve) => setImmediate(resolve)); // let the other async functions have a turn
	}
	report(chunk, primes);
}
function threadChunk(chunk, withGil) {
	let primes = 0;
	for (const [from, to] of sliceRanges(chunk)) {
		if (withGil) gilLock(chunk);
		try {
			primes += countRange(from, to);
		} finally {
			if (withGil) gilUnlock();
		}
		Atomics.add(s, PROGRESS + chunk, to - from);
	}
	report(chunk, primes);
}

parentPort.postMessage({ type: 'ready' });
while (Atomics.load(s, GO) === 0) Atomics.wait(s, GO, 0);
if (mode === 'async') {
	Promise.all(Array.from({ length: chunks }, (_, chunk) => asyncChunk(chunk)));
} else {
	threadChunk(workerData.chunk, mode === 'gil');
}
`;

function freshMode(chunks: number): GilModeState {
	return { status: 'waiting', progress: Array.from({ length: chunks }, () => 0), wallMs: 0, cpuMs: 0, ratio: 0, holder: 0, mostAtOnce: 0 };
}

interface ResultMessage {
	type: 'result';
	chunk: number;
	primes: number;
	at: number;
}

export class GilLabDemo extends DemoEngine<GilLabSnapshot> {
	readonly options: GilLabOptions;

	constructor(options: Partial<GilLabOptions> = {}) {
		const full = { ...defaultGilLabOptions, ...options };
		super({ limit: full.limit, chunks: full.chunks, modes: { async: freshMode(full.chunks), gil: freshMode(full.chunks), free: freshMode(full.chunks) } });
		this.options = full;
	}

	protected failed(error: Error): void {
		this.model.error = error.message;
		this.model.running = undefined;
	}

	/** Runs one mode to the end; resolves with its final state (undefined if stopped or failed). */
	run(mode: GilMode): Promise<GilModeState | undefined> {
		return this.exclusive(async () => {
			const { chunks, limit, slices, sampleMs } = this.options;
			const state = freshMode(chunks);
			state.status = 'running';
			this.model.modes[mode] = state;
			this.model.running = mode;
			this.model.error = undefined;
			this.emit();

			const shared = new SharedArrayBuffer(4 * (PROGRESS + chunks));
			const s = new Int32Array(shared);
			const base = { mode, shared, chunks, limit, slices };
			const workers =
				mode === 'async'
					? [this.workers.spawn(PRIME_WORKER, base)]
					: Array.from({ length: chunks }, (_, chunk) => this.workers.spawn(PRIME_WORKER, { ...base, chunk }));
			const results = new Map<number, ResultMessage>();
			const allResults = new Promise<void>((resolve) => {
				for (const worker of workers) {
					worker.on('message', (message: unknown) => {
						if (!isType('result')(message)) return;
						const result = message as ResultMessage;
						results.set(result.chunk, result);
						if (results.size === chunks) resolve();
					});
				}
			});
			// Start-up is not the job: every worker waits at the gate until all have started.
			await Promise.all(workers.map((worker) => nextMessage(worker, isType('ready'))));
			const chunkSize = Math.ceil(limit / chunks);
			const sizes = Array.from({ length: chunks }, (_, chunk) => Math.max(0, Math.min(limit, (chunk + 1) * chunkSize) - chunk * chunkSize));
			const startedAt = sharedNow();
			const cpuAtStart = process.cpuUsage();
			const sample = (wallMs: number) => {
				const cpu = process.cpuUsage(cpuAtStart);
				state.wallMs = wallMs;
				state.cpuMs = (cpu.user + cpu.system) / 1000;
				state.ratio = wallMs > 0 ? state.cpuMs / wallMs : 0;
				state.progress = sizes.map((size, chunk) => (size === 0 ? 1 : Math.min(1, Atomics.load(s, PROGRESS + chunk) / size)));
				state.holder = Atomics.load(s, HOLDER);
				state.mostAtOnce = Atomics.load(s, MOST_AT_ONCE);
			};
			Atomics.store(s, GO, 1);
			Atomics.notify(s, GO);
			const cancel = this.every(sampleMs, () => {
				sample(sharedNow() - startedAt);
				this.emit();
			});
			try {
				await allResults;
			} finally {
				cancel();
			}
			// The wall time ends when the last chunk's thread finished, not when its message arrived here.
			sample(Math.max(...[...results.values()].map((result) => result.at)) - startedAt);
			state.primes = [...results.values()].reduce((sum, result) => sum + result.primes, 0);
			await Promise.all(workers.map((worker) => worker.terminate()));
			state.status = 'done';
			this.model.running = undefined;
			return structuredClone(state);
		});
	}
}
