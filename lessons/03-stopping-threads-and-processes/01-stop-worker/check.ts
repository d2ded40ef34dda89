import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, withinBudget, type RunResult } from 'conc-tutor/kit';

const LOCK = 'log';
/** Slots of the log (an Int32Array): the first two are unit.ts's; the last two belong to the grader's hold. */
const BEGUN = 0;
const ENDED = 1;
const HOLD = 2;
const HELD = 3;
/**
 * How long stop() may take once the unit in progress is over, on an idle machine: the worker only has to
 * see the flag and end, a few ms. Scaled by the machine's factor and measured pace (reported as `scale`).
 */
const STOP_DEADLINE_MS = 1500;
/** How long the writer has to come online and reach the unit the grader holds, idle machine; scaled the same way. */
const START_MS = 2000;

type Shape = 'early' | 'short-hold' | 'long-hold';

interface CallPlan {
	shape: Shape;
	/** Units the writer finishes freely before the grader holds one (held calls). */
	freeUnits: number;
	/** How long the grader keeps the unit in progress going after stop() was called, ms before scaling. */
	holdMs: number;
}

/**
 * Three calls of startWriter per run, in an order that varies by seed: one stopped at once (before the
 * worker is even online), one stopped during a unit the grader holds briefly, and one during a unit it
 * holds for a long time (a stop() that resolves after a fixed sleep cannot fit both).
 */
export function plan(seed: number): CallPlan[] {
	let state = (seed * 2654435761 + 31) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const calls: CallPlan[] = [
		{ shape: 'early', freeUnits: 0, holdMs: 0 },
		{ shape: 'short-hold', freeUnits: 1 + next(3), holdMs: 10 + next(31) },
		{ shape: 'long-hold', freeUnits: 1 + next(3), holdMs: 150 + next(101) },
	];
	for (let i = calls.length - 1; i > 0; i--) {
		const j = next(i + 1);
		[calls[i], calls[j]] = [calls[j]!, calls[i]!];
	}
	return calls;
}

/**
 * unit.ts as the grader runs it (the learner's copy is replaced in the run folder): the same unit, plus a
 * hold. While log[HOLD] is 1, a unit that reaches the end of its write counts itself in log[HELD] and waits,
 * the lock still held, until the grader sets log[HOLD] back to 0: stop() then surely lands mid-unit.
 */
const UNIT_SOURCE = `export const BEGUN = ${BEGUN};
export const ENDED = ${ENDED};
const pause = new Int32Array(new SharedArrayBuffer(4));
export function writeUnit(log) {
	Atomics.add(log, BEGUN, 1);
	Atomics.wait(pause, 0, 0, 15);
	if (log.length > ${HELD} && Atomics.load(log, ${HOLD}) === 1) {
		Atomics.add(log, ${HELD}, 1);
		while (Atomics.load(log, ${HOLD}) === 1) Atomics.wait(log, ${HOLD}, 1);
	}
	Atomics.add(log, ENDED, 1);
}
`;

interface Reported {
	/** The held unit's number (log[BEGUN] while it was held); absent when no unit was ever held. */
	heldUnit?: number;
	/** ms from the unit's release (or, early, from the stop() call) until stop() resolved; null if it never did. */
	stopMs: number | null;
	deadlineMs: number;
	begun: number;
	ended: number;
	lockFree: boolean;
}

interface Call extends CallPlan {
	call: number;
	started: number;
	asked: number;
	returned: number;
	released: number;
	/** threadIds of the workers created during the call, with their files. */
	workers: Array<{ threadId: number; file?: string }>;
	result?: Reported;
}

const mark = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;

/** The calls that ran (a run stops calling after a call whose stop() never resolved or left the lock taken). */
function callsOf(run: RunResult): Call[] {
	const results = (run.values.calls ?? []) as Reported[];
	return plan(run.seed).flatMap((c, i) => {
		const n = i + 1;
		const started = mark(run, `call ${n}: startWriter`);
		if (started === Infinity) return [];
		const end = mark(run, `call ${n}: over`);
		const workers = run.trace.events.flatMap((e) =>
			e.type === 'worker-created' && e.t >= started && e.t <= end ? [{ threadId: e.threadId, file: e.file }] : [],
		);
		return [{
			...c,
			call: n,
			started,
			asked: mark(run, `call ${n}: stop requested`),
			returned: mark(run, `call ${n}: stop returned`),
			released: mark(run, `call ${n}: unit released`),
			workers,
			result: results[i],
		}];
	});
}

const describe = (c: Call) =>
	c.shape === 'early' ? `call ${c.call} (stop() right after startWriter)` : `call ${c.call} (stop() during unit ${c.result?.heldUnit ?? '?'})`;

const exitOf = (run: RunResult, threadId: number) =>
	run.trace.events.find((e) => e.type === 'worker-exit' && e.threadId === threadId) as { t: number; code: number } | undefined;

/** Runs `judge` on every call that ran; none ran at all is a failure of its own. */
function everyCall(run: RunResult, judge: (c: Call) => true | string): true | string {
	const calls = callsOf(run);
	if (calls.length === 0) return 'startWriter was never called successfully';
	for (const c of calls) {
		const verdict = judge(c);
		if (verdict !== true) return verdict;
	}
	return true;
}

export default defineExercise({
	// Room for the scaled waits of a call that fails (at most 2.5 × (2 + 2 × 1.5) s) after two good calls.
	limits: { timeoutMs: 16_000 },
	async run(ctx) {
		writeFileSync(path.join(ctx.dir, 'unit.js'), UNIT_SOURCE);
		const { Mutex } = await ctx.import('lab/mutex.ts');
		const { startWriter } = await ctx.import('writer.ts');
		const lock = Mutex.create(LOCK);
		const scale = ctx.factor * Math.min(2.5, await ctx.pace());
		ctx.report('scale', scale);
		const results: Reported[] = [];
		for (const [i, c] of plan(ctx.seed).entries()) {
			const n = i + 1;
			const log = new Int32Array(new SharedArrayBuffer(16));
			ctx.mark(`call ${n}: startWriter`);
			const writer = startWriter(lock.handle, log.buffer as SharedArrayBuffer);
			let heldUnit: number | undefined;
			if (c.shape !== 'early') {
				// Let the writer come online and finish a few units, then hold the next one open: the worker
				// is then surely in the middle of a unit, holding the lock, when stop() is called.
				if (await ctx.waitFor(() => Atomics.load(log, ENDED) >= c.freeUnits, START_MS * scale)) {
					Atomics.store(log, HOLD, 1);
					if (await ctx.waitFor(() => Atomics.load(log, HELD) >= 1, START_MS * scale)) heldUnit = Atomics.load(log, BEGUN);
				}
			}
			ctx.mark(`call ${n}: stop requested`);
			const askedAt = performance.now();
			let returnedAt: number | undefined;
			const stopping = Promise.resolve(writer.stop()).then(() => {
				returnedAt = performance.now();
				ctx.mark(`call ${n}: stop returned`);
			});
			let from = askedAt;
			if (c.shape !== 'early') {
				await ctx.sleep(Math.round(c.holdMs * scale));
				Atomics.store(log, HOLD, 0);
				Atomics.notify(log, HOLD);
				from = performance.now();
				ctx.mark(`call ${n}: unit released`);
			}
			// Wait the deadline, then as long again: a stop() that resolves late on a busy machine is measured,
			// so that the check can tell a slow machine from a writer that never stops.
			const deadline = Math.round(STOP_DEADLINE_MS * scale);
			await Promise.race([stopping, ctx.sleep(2 * deadline)]);
			const free = lock.tryLock(0);
			if (free) lock.unlock();
			results.push({
				heldUnit,
				stopMs: returnedAt === undefined ? null : Math.max(0, Math.round(returnedAt - from)),
				deadlineMs: deadline,
				begun: Atomics.load(log, BEGUN),
				ended: Atomics.load(log, ENDED),
				lockFree: free,
			});
			ctx.mark(`call ${n}: over`);
			ctx.report('calls', results);
			// A writer still running, or a lock left taken, would spoil the next call: stop here.
			if (returnedAt === undefined || !free) break;
		}
	},
	checks: [
		checks.custom('workers', 'startWriter starts exactly one worker, from writer-worker.ts', (run) =>
			everyCall(run, (c) => {
				if (c.workers.length !== 1) return `${describe(c)} started ${c.workers.length} workers; expected exactly 1`;
				const file = c.workers[0]!.file;
				return file === 'writer-worker.js' || `${describe(c)} started its worker from ${file ? `"${file}"` : 'inline code'}, not from writer-worker.ts`;
			})),
		checks.custom('writes-until-asked', 'the writer keeps writing units until it is asked to stop', (run) =>
			everyCall(run, (c) => {
				if (c.shape !== 'early' && c.result?.heldUnit === undefined) {
					return `${describe(c)}: the writer never got to a unit of unit.ts's writeUnit (the grader waited for ${c.freeUnits} finished units, then one more)${c.workers[0] && exitOf(run, c.workers[0].threadId) ? '; its worker had exited on its own' : ''}`;
				}
				for (const w of c.workers) {
					const exit = exitOf(run, w.threadId);
					if (exit && exit.t < c.asked) return `${describe(c)}: the worker exited by itself before stop() was called; it writes until asked`;
				}
				return true;
			})),
		checks.custom('stops', `stop() makes the worker end: stop() resolves within ${STOP_DEADLINE_MS / 1000} s of the unit in progress ending`, (run) => {
			const scale = Number(run.values.scale ?? 1);
			for (const c of callsOf(run)) {
				const r = c.result;
				if (!r) return `${describe(c)}: the run ended before the call did`;
				const budget = r.deadlineMs;
				const measured = r.stopMs ?? Infinity;
				const exited = c.workers.some((w) => exitOf(run, w.threadId));
				const verdict = withinBudget(
					run,
					measured,
					budget,
					r.stopMs === null
						? `${describe(c)}: stop() had not resolved ${(2 * budget) / 1000} s after ${c.shape === 'early' ? 'it was called' : 'the unit in progress ended'} (a unit takes 15 ms): the worker ${exited ? 'exited, but stop() never resolved' : 'never noticed it was asked to stop'}`
						: `${describe(c)}: stop() took ${r.stopMs} ms after ${c.shape === 'early' ? 'it was called' : 'the unit in progress ended'} (allowed: ${budget} ms, ${scale.toFixed(1)}× the idle budget)`,
				);
				if (verdict !== true) return verdict;
			}
			return true;
		}, { hint: 0, timing: true }),
		checks.custom('exited-before-return', 'stop() resolves only after the worker thread has exited', (run) =>
			everyCall(run, (c) => {
				if (c.returned === Infinity) return true; // never resolved: that is `stops`
				for (const w of c.workers) {
					const exit = exitOf(run, w.threadId);
					if (!exit || exit.t > c.returned) {
						const held = c.released !== Infinity && c.returned < c.released ? ' (the unit it was on was still being written)' : '';
						return `${describe(c)}: stop() resolved while the worker was still running${held}${exit ? `; it exited ${Math.round(exit.t - c.returned)} ms later` : ''}: resolve on the worker's 'exit' event`;
					}
				}
				return true;
			}), { hint: 1 }),
		checks.custom('no-terminate', 'never calls worker.terminate()', (run) =>
			!run.trace.events.some((e) => e.type === 'worker-terminate') ||
			'you called worker.terminate(): it kills the thread wherever it is, mid-unit and holding the lock',
		{ hint: 0 }),
		checks.custom('unit-complete', 'the unit in progress is finished: every unit that was started was finished', (run) =>
			everyCall(run, (c) => {
				const r = c.result;
				if (!r) return `${describe(c)}: the run ended before the log could be read`;
				return r.begun === r.ended || `${describe(c)}: ${r.begun} units were started but only ${r.ended} finished: the worker was stopped in the middle of writing one`;
			})),
		checks.custom('no-new-unit', 'once asked, the writer begins no new unit', (run) =>
			everyCall(run, (c) => {
				const r = c.result;
				if (!r) return true;
				if (c.shape === 'early') {
					// A request made before the worker runs may reach it only after its first unit (a message
					// read between units): one unit is allowed, not more.
					return r.begun <= 1 || `${describe(c)}: stop() was called before the worker was running, yet it began ${r.begun} units; it should end at the first chance, after at most one`;
				}
				if (r.heldUnit === undefined) return true; // never reached a unit: that is writes-until-asked
				return r.begun <= r.heldUnit || `${describe(c)}: after stop() was called during unit ${r.heldUnit}, the writer began ${r.begun - r.heldUnit} more; it finishes the unit it is on and ends`;
			})),
		checks.custom('lock-released', 'the worker released the lock before it ended', (run) => {
			let acquired = 0;
			let released = 0;
			for (const e of run.trace.events) {
				if ((e.type === 'lock-acquired' || e.type === 'lock-released') && e.lock === LOCK && e.threadId !== 0) {
					if (e.type === 'lock-acquired') acquired++;
					else released++;
				}
			}
			if (acquired === 0) return 'the worker never took the lock';
			const left = callsOf(run).find((c) => c.result && !c.result.lockFree);
			if (acquired > released || left) {
				return `the workers took the lock ${acquired} times but released it ${released} times${left ? ` (after ${describe(left)} the grader could not take it)` : ''}: anyone else who needs the log would wait forever`;
			}
			return true;
		}, { hint: 1 }),
	],
});
