// The deadlock: two workers, two locks A and B, each worker doing `rounds` transfers that need both.
//   opposite — worker 1 takes A then B, worker 2 takes B then A. Each takes its first lock, works a
//              moment, then waits forever for the other's. A watchdog on the main thread reads the
//              locks' shared table (who holds what, who waits for what); when the same cycle is still
//              there ~100 ms later, it reports the wait-for graph and ends both workers.
//   ordered  — both take A before B. Whoever gets A first finishes; the other waits its turn. Done.
// The locks are a small mutex in a SharedArrayBuffer that records its owner in the lock word and
// each worker's "waiting for" in a table beside it, as the lab Mutex reports to the grader.
import { DemoEngine } from './engine.js';
import { isType, nextMessage } from './workers.js';

export type DeadlockMode = 'opposite' | 'ordered';
export const lockNames = ['A', 'B'] as const;
export type LockName = (typeof lockNames)[number];

export interface DeadlockOptions {
	/** Transfers per worker; each takes both locks. */
	rounds: number;
	/** Milliseconds of "work" after the first lock and again after the second. */
	holdMs: number;
	/** Milliseconds between the watchdog's readings of the table. */
	watchMs: number;
	/** How long the same cycle must persist before it is called a deadlock. */
	stuckMs: number;
	/** Give up (and say so) when a phase neither finishes nor deadlocks in this time. */
	timeoutMs: number;
}

export const defaultDeadlockOptions: DeadlockOptions = { rounds: 5, holdMs: 150, watchMs: 50, stuckMs: 100, timeoutMs: 20_000 };

export interface DeadlockWorkerState {
	/** 1 or 2. */
	id: number;
	holds: LockName[];
	waitsFor?: LockName;
	roundsDone: number;
	status: 'starting' | 'running' | 'done' | 'terminated';
}

export interface WaitForGraph {
	/** Each worker in the cycle: what it holds and what it waits for. */
	edges: { worker: number; holds: LockName[]; waitsFor: LockName; heldBy: number }[];
	/** "worker 1 holds A, waits for B", one line per worker in the cycle. */
	lines: string[];
	/** "worker 1 → B → worker 2 → A → worker 1". */
	cycle: string;
}

export interface DeadlockModeState {
	status: 'waiting' | 'running' | 'deadlocked' | 'completed' | 'timed-out';
	workers: DeadlockWorkerState[];
	/** Set once a deadlock was detected. */
	graph?: WaitForGraph;
	/** Milliseconds from the start to the deadlock's detection, or to completion. */
	elapsedMs: number;
}

export interface DeadlockSnapshot {
	rounds: number;
	running?: DeadlockMode;
	modes: Record<DeadlockMode, DeadlockModeState>;
	error?: string;
}

// Shared table: the start gate; per lock, its owner (0 = free, else the worker's id); per worker,
// the lock it waits for (0 = none, else lock index + 1); per worker, rounds done.
const GO = 0;
const OWNER = 1;
const WAITING = OWNER + lockNames.length;
const ROUNDS = WAITING + 2;
const SLOTS = ROUNDS + 2;

const LOCKING_WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { shared, id, order, rounds, holdMs } = workerData;
const table = new Int32Array(shared);
const [GO, OWNER, WAITING, ROUNDS] = [${GO}, ${OWNER}, ${WAITING}, ${ROUNDS}];
const nap = new Int32Array(new SharedArrayBuffer(4));
const work = (ms) => Atomics.wait(nap, 0, 0, ms);

function lock(index) {
	// Say what we wait for before trying, so the watchdog sees it if we block.
	Atomics.store(table, WAITING + id - 1, index + 1);
	for (;;) {
		const owner = Atomics.compareExchange(table, OWNER + index, 0, id);
		if (owner === 0) break;
		Atomics.wait(table, OWNER + index, owner); // sleeps until the owner changes
	}
	Atomics.store(table, WAITING + id - 1, 0);
}
function unlock(index) {
	Atomics.store(table, OWNER + index, 0);
	Atomics.notify(table, OWNER + index);
}

parentPort.postMessage({ type: 'ready' });
while (Atomics.load(table, GO) === 0) Atomics.wait(table, GO, 0);
for (let round = 1; round <= rounds; round++) {
	lock(order[0]);
	work(holdMs);
	lock(order[1]);
	work(holdMs);
	unlock(order[1]);
	unlock(order[0]);
	Atomics.store(table, ROUNDS + id - 1, round);
}
parentPort.postMessage({ type: 'finished' });
`;

/** The table as the watchdog reads it. */
export interface LockTable {
	/** Owner of each lock (index into lockNames): 0 = free, else worker id. */
	owners: number[];
	/** For each worker (index = id − 1), the lock index + 1 it waits for, or 0. */
	waiting: number[];
}

/** The wait-for cycle in a reading of the table, if there is one. Pure, so tests can feed it tables. */
export function waitForGraph(table: LockTable): WaitForGraph | undefined {
	const waitsFor = (worker: number) => table.waiting[worker - 1] ?? 0;
	for (let start = 1; start <= table.waiting.length; start++) {
		const path: number[] = [];
		let current = start;
		while (!path.includes(current)) {
			const lock = waitsFor(current);
			const owner = lock === 0 ? 0 : (table.owners[lock - 1] ?? 0);
			// A worker that waits for a free lock (or its own) is about to get it: no cycle through it.
			if (owner === 0 || owner === current) break;
			path.push(current);
			current = owner;
		}
		if (current !== start || path.length === 0) continue;
		const name = (lock: number) => lockNames[lock - 1]!;
		const holdsOf = (worker: number) => lockNames.filter((_, index) => table.owners[index] === worker);
		const edges = path.map((worker) => {
			const lock = waitsFor(worker);
			return { worker, holds: holdsOf(worker), waitsFor: name(lock), heldBy: table.owners[lock - 1]! };
		});
		return {
			edges,
			lines: edges.map((edge) => `worker ${edge.worker} holds ${edge.holds.join(' and ') || 'nothing'}, waits for ${edge.waitsFor}`),
			cycle: [...edges.map((edge) => `worker ${edge.worker} → ${edge.waitsFor}`), `worker ${start}`].join(' → '),
		};
	}
	return undefined;
}

function freshMode(): DeadlockModeState {
	const worker = (id: number): DeadlockWorkerState => ({ id, holds: [], roundsDone: 0, status: 'starting' });
	return { status: 'waiting', workers: [worker(1), worker(2)], elapsedMs: 0 };
}

export class DeadlockDemo extends DemoEngine<DeadlockSnapshot> {
	readonly options: DeadlockOptions;

	constructor(options: Partial<DeadlockOptions> = {}) {
		const full = { ...defaultDeadlockOptions, ...options };
		super({ rounds: full.rounds, modes: { opposite: freshMode(), ordered: freshMode() } });
		this.options = full;
	}

	protected failed(error: Error): void {
		this.model.error = error.message;
		this.model.running = undefined;
	}

	/**
	 * Runs one mode until both workers finish, a deadlock is detected (then both are terminated) or
	 * the time-out passes. Resolves with the final state (undefined if stopped or failed).
	 */
	run(mode: DeadlockMode): Promise<DeadlockModeState | undefined> {
		return this.exclusive(async () => {
			const { rounds, holdMs, watchMs, stuckMs, timeoutMs } = this.options;
			const state = freshMode();
			state.status = 'running';
			this.model.modes[mode] = state;
			this.model.running = mode;
			this.model.error = undefined;
			this.emit();

			const shared = new SharedArrayBuffer(4 * SLOTS);
			const table = new Int32Array(shared);
			const orders = mode === 'opposite' ? [[0, 1], [1, 0]] : [[0, 1], [0, 1]];
			const workers = orders.map((order, index) => this.workers.spawn(LOCKING_WORKER, { shared, id: index + 1, order, rounds, holdMs }));
			await Promise.all(workers.map((worker) => nextMessage(worker, isType('ready'))));
			const finished = workers.map((worker, index) =>
				nextMessage(worker, isType('finished')).then(() => {
					state.workers[index]!.status = 'done';
				}),
			);
			const startedAt = performance.now();
			Atomics.store(table, GO, 1);
			Atomics.notify(table, GO);
			for (const worker of state.workers) worker.status = 'running';

			const read = (): LockTable => ({
				owners: lockNames.map((_, index) => Atomics.load(table, OWNER + index)),
				waiting: state.workers.map((worker) => Atomics.load(table, WAITING + worker.id - 1)),
			});
			const outcome = await new Promise<'completed' | 'deadlocked' | 'timed-out'>((resolve) => {
				let suspect: { key: string; since: number } | undefined;
				const cancel = this.every(watchMs, () => {
					const now = performance.now();
					const reading = read();
					for (const worker of state.workers) {
						worker.holds = lockNames.filter((_, index) => reading.owners[index] === worker.id);
						const waiting = reading.waiting[worker.id - 1]!;
						worker.waitsFor = waiting === 0 ? undefined : lockNames[waiting - 1];
						worker.roundsDone = Atomics.load(table, ROUNDS + worker.id - 1);
					}
					state.elapsedMs = now - startedAt;
					// A cycle is a deadlock only if it is still the same cycle a while later: a worker
					// that has just announced what it waits for may be about to get it.
					const graph = waitForGraph(reading);
					const key = graph?.cycle;
					if (!graph || !key) suspect = undefined;
					else if (suspect?.key !== key) suspect = { key, since: now };
					else if (now - suspect.since >= stuckMs) {
						state.graph = graph;
						cancel();
						return resolve('deadlocked');
					}
					if (now - startedAt > timeoutMs) {
						cancel();
						return resolve('timed-out');
					}
					this.emit();
				});
				void Promise.all(finished).then(() => {
					cancel();
					resolve('completed');
				});
			});
			state.elapsedMs = performance.now() - startedAt;
			// A deadlocked worker never wakes up by itself: terminate() is the only way out, and the
			// locks it held stay locked in that memory, which is why each run gets a new table.
			await Promise.all(workers.map((worker) => worker.terminate()));
			if (outcome === 'completed') {
				for (const worker of state.workers) Object.assign(worker, { holds: [], waitsFor: undefined, roundsDone: rounds });
			} else {
				for (const worker of state.workers) if (worker.status !== 'done') worker.status = 'terminated';
			}
			state.status = outcome;
			this.model.running = undefined;
			return structuredClone(state);
		});
	}
}
