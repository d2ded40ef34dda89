// The theatre: two queues at the door, VIP and regular. Mode "one": one ticket checker, one thread,
// alternating between the queues as the lesson's serveOneChecker does (async functions taking turns).
// Mode "two": two checkers in two workers, one per queue, checking at the same instant on two cores.
// Checking a ticket is real CPU work (the lesson's slowCheck loop), so the one checker cannot overlap
// two checks, and two checkers on one busy core would not finish sooner either.
import { DemoEngine } from './engine.js';
import { isType, nextMessage, sharedNow } from './workers.js';

export type QueueName = 'vip' | 'regular';
export type TheatreMode = 'one' | 'two';

export interface TheatreOptions {
	/** People in each queue. */
	people: number;
	/** Iterations of the ticket check (3,000,000 ≈ 50 ms on the 2-core machine this was written on). */
	checkWork: number;
}

export const defaultTheatreOptions: TheatreOptions = { people: 6, checkWork: 15_000_000 };

export interface Checking {
	checker: number;
	queue: QueueName;
	person: string;
}

export interface TheatreModeState {
	status: 'waiting' | 'running' | 'done';
	/** People still in each queue (not yet called to a checker). */
	queued: Record<QueueName, string[]>;
	/** Tickets being checked now, one entry per busy checker. */
	checking: Checking[];
	/** Checked people, in the order their checks finished, with the checker that did it. */
	checked: Checking[];
	/** The most tickets ever checked at the same instant: 1 is concurrency, 2 is parallelism. */
	mostAtOnce: number;
	/** From the first check's start to the last check's end, or to now while running. */
	elapsedMs: number;
}

export interface TheatreSnapshot {
	people: number;
	running?: TheatreMode;
	modes: Record<TheatreMode, TheatreModeState>;
	error?: string;
}

export const personName = (queue: QueueName, index: number): string => `${queue === 'vip' ? 'V' : 'R'}${index + 1}`;

// One worker is one checker. Given one queue it drains it; given two it alternates between them with
// the lesson's turn logic, awaiting each check so the checker is busy until it is done, and yielding
// to the event loop (setImmediate) between checks as an async check of real I/O would.
const CHECKER_WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { checker, queues, people, checkWork } = workerData;
const now = () => performance.timeOrigin + performance.now();
function slowCheck(code) {
	let x = code;
	for (let i = 0; i < checkWork; i++) x = (x * x) % 67108859;
	return x;
}
async function check(queue, person) {
	parentPort.postMessage({ type: 'start', checker, queue, person, at: now() });
	const result = slowCheck(person + 11);
	parentPort.postMessage({ type: 'done', checker, queue, person, at: now(), result });
	await new Promise((resolve) => setImmediate(resolve));
}
async function serve() {
	const left = queues.map(() => people);
	const next = queues.map(() => 0);
	let turn = 0;
	while (left.some((n) => n > 0)) {
		if (left[turn] === 0) turn = 1 - turn;
		left[turn] -= 1;
		await check(queues[turn], next[turn]++);
		if (queues.length === 2) turn = 1 - turn;
	}
}
parentPort.once('message', () => serve().then(() => parentPort.postMessage({ type: 'finished' })));
parentPort.postMessage({ type: 'ready' });
`;

interface CheckMessage {
	type: 'start' | 'done';
	checker: number;
	queue: QueueName;
	person: number;
	at: number;
}

const isCheck = (message: unknown): message is CheckMessage =>
	isType('start')(message) || isType('done')(message);

function freshMode(people: number): TheatreModeState {
	const line = (queue: QueueName) => Array.from({ length: people }, (_, index) => personName(queue, index));
	return { status: 'waiting', queued: { vip: line('vip'), regular: line('regular') }, checking: [], checked: [], mostAtOnce: 0, elapsedMs: 0 };
}

export class TheatreDemo extends DemoEngine<TheatreSnapshot> {
	readonly options: TheatreOptions;

	constructor(options: Partial<TheatreOptions> = {}) {
		const full = { ...defaultTheatreOptions, ...options };
		super({ people: full.people, modes: { one: freshMode(full.people), two: freshMode(full.people) } });
		this.options = full;
	}

	protected failed(error: Error): void {
		this.model.error = error.message;
		this.model.running = undefined;
	}

	/** Runs one mode to the end; resolves with its final state (undefined if stopped or failed). */
	run(mode: TheatreMode): Promise<TheatreModeState | undefined> {
		return this.exclusive(async () => {
			const { people, checkWork } = this.options;
			const state = freshMode(people);
			state.status = 'running';
			this.model.modes[mode] = state;
			this.model.running = mode;
			this.model.error = undefined;
			this.emit();
			const assignments: { checker: number; queues: QueueName[] }[] =
				mode === 'one' ? [{ checker: 1, queues: ['vip', 'regular'] }] : [{ checker: 1, queues: ['vip'] }, { checker: 2, queues: ['regular'] }];
			const workers = assignments.map((assignment) => this.workers.spawn(CHECKER_WORKER, { ...assignment, people, checkWork }));
			// Spawning a worker takes tens of milliseconds: wait until every checker is at the door, then
			// open it for all at once, so the clock measures checking and not start-up.
			await Promise.all(workers.map((worker) => nextMessage(worker, isType('ready'))));
			let firstStart: number | undefined;
			let lastDone = 0;
			for (const worker of workers) {
				worker.on('message', (message: unknown) => {
					if (!isCheck(message)) return;
					const who: Checking = { checker: message.checker, queue: message.queue, person: personName(message.queue, message.person) };
					if (message.type === 'start') {
						firstStart ??= message.at;
						state.queued[who.queue] = state.queued[who.queue].filter((name) => name !== who.person);
						state.checking = [...state.checking.filter((c) => c.checker !== who.checker), who].sort((a, b) => a.checker - b.checker);
						state.mostAtOnce = Math.max(state.mostAtOnce, state.checking.length);
					} else {
						lastDone = Math.max(lastDone, message.at);
						state.checking = state.checking.filter((c) => c.checker !== who.checker);
						state.checked.push(who);
					}
					state.elapsedMs = (message.type === 'done' ? lastDone : message.at) - (firstStart ?? message.at);
					this.emit();
				});
			}
			const finished = Promise.all(workers.map((worker) => nextMessage(worker, isType('finished'))));
			for (const worker of workers) worker.postMessage('go');
			// Between messages the clock still runs: refresh the elapsed time ten times a second.
			const cancel = this.every(100, () => {
				if (firstStart === undefined) return;
				state.elapsedMs = sharedNow() - firstStart;
				this.emit();
			});
			try {
				await finished;
			} finally {
				cancel();
			}
			// Each checker ends by itself once its queues are empty; the run is over when they have.
			await Promise.all(workers.map((worker) => worker.terminate()));
			state.elapsedMs = firstStart === undefined ? 0 : lastDone - firstStart;
			state.status = 'done';
			state.checking = [];
			this.model.running = undefined;
			return structuredClone(state);
		});
	}
}
