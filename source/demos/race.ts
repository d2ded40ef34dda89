// The race: W workers add 1 to one shared Int32 counter, `rounds` × `burst` times each, and the main
// thread compares what they added (expected) with what the counter says (actual).
//   racy   — `counter[0]++`: read, add, write as three steps. Two workers that read the same value
//            both write value + 1, and one update is lost. Optimised code may even keep the counter in
//            a register for a whole burst, and lose a whole burst of the other worker's updates.
//   atomic — `Atomics.add(counter, 0, 1)`: one indivisible step; nothing is ever lost.
// Losing updates must not be left to luck (GRADING-NOTES: without a start gate 1 run in 20 loses
// any). Every round opens a gate for all workers at once, so their bursts overlap; a burst of
// 2,000,000 takes longer than a scheduler time slice, so even on one core a worker is switched out
// mid-burst. The gap between rounds only paces the demo so the counts can be watched going up.
import { DemoEngine } from './engine.js';
import { isType, nextMessage } from './workers.js';

export type RaceMode = 'racy' | 'atomic';

export interface RaceOptions {
	workers: number;
	rounds: number;
	/** Increments per worker per round. */
	burst: number;
	/** Least milliseconds from one round's start to the next's, so the learner can watch. */
	roundGapMs: number;
}

export const defaultRaceOptions: RaceOptions = { workers: 2, rounds: 25, burst: 2_000_000, roundGapMs: 60 };

export interface RaceModeState {
	status: 'waiting' | 'running' | 'done';
	/** Rounds finished by every worker. */
	round: number;
	/** Increments the workers have made (their own progress counters, read at the end of each round). */
	expected: number;
	/** What the shared counter says at the same moment. */
	actual: number;
	/** expected − actual: updates overwritten by another worker. */
	lost: number;
	/** Rounds in which updates were lost. */
	roundsWithLoss: number;
	elapsedMs: number;
}

export interface RaceSnapshot {
	workers: number;
	rounds: number;
	burst: number;
	/** What the counter must read at the end: workers × rounds × burst. */
	total: number;
	running?: RaceMode;
	modes: Record<RaceMode, RaceModeState>;
	error?: string;
}

// Shared memory: the counter, the round gate (the round workers may start), then each worker's
// progress (increments done). The counter is an Int32: totals must stay below 2^31.
const COUNTER = 0;
const ROUND = 1;
const PROGRESS = 2;

const COUNTER_WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { shared, index, rounds, burst, atomic } = workerData;
const counter = new Int32Array(shared);
const [ROUND, PROGRESS] = [1, 2];
function racy(n) {
	for (let i = 0; i < n; i++) counter[0]++;
}
function safe(n) {
	for (let i = 0; i < n; i++) Atomics.add(counter, 0, 1);
}
const increment = atomic ? safe : racy;
parentPort.postMessage({ type: 'ready' });
for (let round = 1; round <= rounds; round++) {
	while (Atomics.load(counter, ROUND) < round) Atomics.wait(counter, ROUND, round - 1);
	increment(burst);
	Atomics.store(counter, PROGRESS + index, round * burst);
	parentPort.postMessage({ type: 'round-done', round });
}
`;

function freshMode(): RaceModeState {
	return { status: 'waiting', round: 0, expected: 0, actual: 0, lost: 0, roundsWithLoss: 0, elapsedMs: 0 };
}

export class RaceDemo extends DemoEngine<RaceSnapshot> {
	readonly options: RaceOptions;

	constructor(options: Partial<RaceOptions> = {}) {
		const full = { ...defaultRaceOptions, ...options };
		const total = full.workers * full.rounds * full.burst;
		if (total > 2 ** 31 - 1) throw new RangeError(`${total} increments would overflow the Int32 counter`);
		super({ workers: full.workers, rounds: full.rounds, burst: full.burst, total, modes: { racy: freshMode(), atomic: freshMode() } });
		this.options = full;
	}

	protected failed(error: Error): void {
		this.model.error = error.message;
		this.model.running = undefined;
	}

	/** Runs one mode to the end; resolves with its final state (undefined if stopped or failed). */
	run(mode: RaceMode): Promise<RaceModeState | undefined> {
		return this.exclusive(async () => {
			const { workers: count, rounds, burst, roundGapMs } = this.options;
			const state = freshMode();
			state.status = 'running';
			this.model.modes[mode] = state;
			this.model.running = mode;
			this.model.error = undefined;
			this.emit();

			const shared = new SharedArrayBuffer(4 * (PROGRESS + count));
			const counter = new Int32Array(shared);
			const workers = Array.from({ length: count }, (_, index) =>
				this.workers.spawn(COUNTER_WORKER, { shared, index, rounds, burst, atomic: mode === 'atomic' }),
			);
			// Start-up is not the race: the clock starts when every worker waits at the gate.
			await Promise.all(workers.map((worker) => nextMessage(worker, isType('ready'))));
			const startedAt = performance.now();
			let roundStartedAt = startedAt;
			const open = (round: number) => {
				roundStartedAt = performance.now();
				Atomics.store(counter, ROUND, round);
				Atomics.notify(counter, ROUND);
			};
			// Between rounds every worker is idle, so expected and actual are exact there.
			const read = () => {
				let expected = 0;
				for (let index = 0; index < count; index++) expected += Atomics.load(counter, PROGRESS + index);
				const actual = Atomics.load(counter, COUNTER);
				if (expected - actual > state.lost) state.roundsWithLoss += 1;
				Object.assign(state, { expected, actual, lost: expected - actual });
			};
			const ticking = this.every(100, () => {
				state.elapsedMs = performance.now() - startedAt;
				this.emit();
			});
			await new Promise<void>((resolve) => {
				const doneBy = new Map<number, number>();
				const onMessage = (message: { type?: string; round?: number }) => {
					if (message.type !== 'round-done' || message.round === undefined) return;
					const done = (doneBy.get(message.round) ?? 0) + 1;
					doneBy.set(message.round, done);
					if (done < count) return;
					state.round = message.round;
					read();
					state.elapsedMs = performance.now() - startedAt;
					this.emit();
					if (message.round === rounds) return resolve();
					const wait = Math.max(0, roundStartedAt + roundGapMs - performance.now());
					void this.sleep(wait).then(() => open(message.round! + 1));
				};
				for (const worker of workers) worker.on('message', onMessage);
				open(1);
			}).finally(ticking);
			await Promise.all(workers.map((worker) => worker.terminate()));
			state.status = 'done';
			this.model.running = undefined;
			return structuredClone(state);
		});
	}
}
