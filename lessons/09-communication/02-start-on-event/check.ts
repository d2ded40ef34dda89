import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checks, cpuBetween, defineExercise, fairness, inconclusive, machineExplains, type RunResult } from 'conc-tutor/kit';

// The grader runs the learner's ThreadEvent twice:
//  1. on its own main thread, where it watches every Atomics.wait call the event makes (a wait while
//     the flag is already set must not sleep at all);
//  2. in 5 to 8 runners of its own (a copy of runner.ts that also counts, in each runner, the
//     Atomics.wait calls the event made and how many of them woke up before the event was set: a
//     sleep-and-poll wakes up again and again, a real wait once).

/** A 32-bit hash of (seed, i, salt): the same in the sandbox and in the grader. */
function hash(seed: number, i: number, salt: number): number {
	let h = Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
	h ^= h >>> 13;
	return h >>> 0;
}

/**
 * The race for a seed: 5 to 8 runners (more than any count a learner would write down), some calling
 * wait() with no timeout and some with a long one, which the event must cut short.
 */
export function racePlan(seed: number): { runners: number; timeouts: Array<number | null> } {
	const runners = 5 + (hash(seed, 0, 0x57a7) % 4);
	return { runners, timeouts: Array.from({ length: runners }, (_, i) => (hash(seed, i, 0x7173) % 2 === 0 ? null : 600_000)) };
}

/** The short timeouts of the API test, ms (20 to 59): wait(t) on an unset flag must take at least t. */
export function apiTimeouts(seed: number): [number, number] {
	return [20 + (hash(seed, 1, 0xa91) % 40), 20 + (hash(seed, 2, 0xa91) % 40)];
}

/** How long the grader holds the start, with every runner ready, before it sets the event (× the factor). */
const HOLD_MS = 400;
/** More wake-ups than this before the event, in one runner, is polling. */
const WAKEUPS_ALLOWED = 1;

interface WaitCall {
	/** The array is the event's own flag. */
	own: boolean;
	/** The value passed, and the value the array held at the call. */
	value: number;
	held: number;
	result: string;
	/** Date.now() when it returned. */
	returnedAt: number;
}

interface RunnerReport {
	index: number;
	/** What wait() returned, and when (Date.now()). */
	returned: unknown;
	ranAt: number;
	place: number;
	calls: WaitCall[];
	error?: string;
}

const RUNNER = (start: string, board: string) => `// The grader's runner: runner.ts, plus a count of the Atomics.wait calls the event makes.
import { parentPort, workerData } from 'node:worker_threads';
const realWait = Atomics.wait;
const calls = [];
const flag = new Int32Array(workerData.${start});
Atomics.wait = function (array, index, value, timeout) {
	const held = Atomics.load(array, index);
	const result = realWait.call(Atomics, array, index, value, timeout);
	calls.push({ own: array.buffer === flag.buffer, value, held, result, returnedAt: Date.now() });
	return result;
};
try {
	const { ThreadEvent } = await import('./event.js');
	const start = ThreadEvent.from(workerData.${start});
	const board = new Int32Array(workerData.${board});
	parentPort.postMessage({ type: 'ready' });
	const returned = workerData.timeout === null ? start.wait() : start.wait(workerData.timeout);
	const ranAt = Date.now();
	const place = Atomics.add(board, 0, 1) + 1;
	parentPort.postMessage({ type: 'done', index: workerData.index, returned, ranAt, place, calls });
} catch (error) {
	parentPort.postMessage({ type: 'done', index: workerData.index, error: String(error && error.message || error), calls });
}
`;

const markAt = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
const reportsOf = (run: RunResult) => (run.values.runners ?? []) as Array<RunnerReport | null>;

interface Race {
	/** Date.now() just before set(). */
	setAt?: number;
	holdMs: number;
	/** How long the grader waited for the runners after set(), and for them to be ready, ms. */
	deadlineMs: number;
	readyMs?: number;
	/** Runners that had started running (the shared board) before set(), and after the wait. */
	runningBeforeSet?: number;
	runningAfterSet?: number;
}

export default defineExercise({
	limits: { timeoutMs: 12_000 },
	async run(ctx) {
		// 1. The event on this (main) thread, every Atomics.wait call watched.
		const realWait = Atomics.wait as (array: Int32Array, index: number, value: number, timeout?: number) => string;
		let watched: Array<{ value: number; held: number; timeout: number }> = [];
		let shortCircuit = false;
		const atomics = Atomics as unknown as { wait: typeof realWait };
		atomics.wait = (array: Int32Array, index: number, value: number, timeout?: number) => {
			const held = Atomics.load(array, index);
			watched.push({ value, held, timeout: timeout ?? Infinity });
			// A wait on a value the flag holds, while the flag is set, would sleep for its whole timeout: it is
			// recorded, and not slept, so that the run stays short.
			if (shortCircuit && held === value) return 'timed-out';
			return realWait.call(Atomics, array, index, value, timeout);
		};
		// Every Atomics.notify on this thread, with what the flag held at that moment. A set() that wakes the
		// waiters before it stores SET lets a woken thread find the flag still unset and sleep again, for
		// good: the grader widens that window (it holds this thread a moment after such a notify), so that
		// what would happen now and then happens every time.
		const realNotify = Atomics.notify as (array: Int32Array, index: number, count?: number) => number;
		const notifies: Array<{ held: number; count: number }> = [];
		const pause = new Int32Array(new SharedArrayBuffer(4));
		const widenMs = Math.round(30 * ctx.factor);
		const notifier = Atomics as unknown as { notify: typeof realNotify };
		notifier.notify = (array: Int32Array, index: number, count?: number) => {
			const held = Atomics.load(array, index);
			notifies.push({ held, count: count ?? Infinity });
			const woken = realNotify.call(Atomics, array, index, count);
			if (held === 0) realWait.call(Atomics, pause, 0, 0, widenMs);
			return woken;
		};
		const { ThreadEvent } = await ctx.import('event.ts');
		const [t1, t2] = apiTimeouts(ctx.seed);
		const api: Record<string, unknown> = {};
		const timed = (f: () => unknown) => {
			const started = performance.now();
			const value = f();
			return { value, ms: Math.round(performance.now() - started) };
		};
		try {
			const e = ThreadEvent.create();
			api.setAtFirst = e.isSet();
			const first = timed(() => e.wait(t1));
			api.waitTimesOut = first.value;
			api.waitTimesOutMs = first.ms;
			e.set();
			api.setAfterSet = e.isSet();
			watched = [];
			shortCircuit = true;
			api.waitWhenSet = e.wait(60_000);
			api.waitWhenSetNoTimeout = e.wait();
			api.sleptWhileSet = watched.filter((w) => w.held === w.value).length;
			shortCircuit = false;
			e.clear();
			api.setAfterClear = e.isSet();
			const second = timed(() => e.wait(t2));
			api.waitAfterClear = second.value;
			api.waitAfterClearMs = second.ms;
		} catch (error) {
			api.error = String((error as Error)?.message ?? error);
		} finally {
			atomics.wait = realWait;
		}
		ctx.report('api', api);

		// 2. The race, with the grader's runners.
		const { runners, timeouts } = racePlan(ctx.seed);
		writeFileSync(path.join(ctx.dir, 'grader-runner.js'), RUNNER('start', 'board'));
		const start = ThreadEvent.create();
		const board = new SharedArrayBuffer(4);
		const reports: Array<RunnerReport | null> = Array.from({ length: runners }, () => null);
		let ready = 0;
		const workers: Worker[] = [];
		const readyStart = Date.now();
		ctx.mark('runners started');
		for (let index = 0; index < runners; index++) {
			const worker = new Worker(path.join(ctx.dir, 'grader-runner.js'), { workerData: { index, start: start.handle, board, timeout: timeouts[index] } });
			worker.on('message', (m: { type: string } & RunnerReport) => {
				if (m.type === 'ready') ready++;
				else reports[index] = m;
			});
			worker.on('error', (error) => (reports[index] = { index, returned: undefined, ranAt: 0, place: 0, calls: [], error: String(error?.message ?? error) }));
			workers.push(worker);
		}
		const holdMs = Math.round(HOLD_MS * ctx.factor);
		const race: Race = { holdMs, deadlineMs: 0 };
		// Start-up is what a busy machine slows: wait for it as long as it takes (within the run's limit),
		// and give the runners after the event a multiple of what it took.
		await ctx.waitFor(() => ready === runners || reports.some((r) => r?.error), 4000 * ctx.factor);
		race.readyMs = Date.now() - readyStart;
		race.deadlineMs = Math.round(ctx.factor * Math.min(3000, 1000 + 2 * race.readyMs));
		if (ready === runners) {
			ctx.mark('all ready');
			await ctx.sleep(holdMs);
			race.runningBeforeSet = Atomics.load(new Int32Array(board), 0);
			ctx.mark('event set');
			race.setAt = Date.now();
			start.set();
			await ctx.waitFor(() => reports.every((r) => r !== null), race.deadlineMs);
			race.runningAfterSet = Atomics.load(new Int32Array(board), 0);
		}
		ctx.mark('race over');
		notifier.notify = realNotify;
		ctx.report('notifies', notifies);
		ctx.report('race', race);
		ctx.report('runners', reports);
		await Promise.all(workers.map((w) => w.terminate()));
	},
	checks: [
		checks.value('event-api', 'isSet, set, clear and wait behave like threading.Event', 'api', (api: Record<string, unknown>, run) => {
			if (api.error !== undefined) return `the event threw: ${api.error}`;
			const [t1, t2] = apiTimeouts(run.seed);
			if (api.setAtFirst !== false) return `a new event's isSet() gave ${api.setAtFirst}; it starts unset`;
			if (api.waitTimesOut !== false) return `wait(${t1}) on an unset event gave ${api.waitTimesOut}; when the time is up it returns false`;
			// Lower bounds only: a busy machine makes a wait longer, never shorter.
			if (Number(api.waitTimesOutMs) < t1 - 2) return `wait(${t1}) on an unset event returned false after ${api.waitTimesOutMs} ms: it must wait until the time is up`;
			if (api.setAfterSet !== true) return `after set(), isSet() gave ${api.setAfterSet}`;
			if (api.waitWhenSet !== true || api.waitWhenSetNoTimeout !== true) return `after set(), wait(60000) gave ${api.waitWhenSet} and wait() gave ${api.waitWhenSetNoTimeout}; both must return true`;
			if (Number(api.sleptWhileSet) > 0) {
				return `after set(), wait() still went to sleep in Atomics.wait (${api.sleptWhileSet} time${api.sleptWhileSet === 1 ? '' : 's'}) on the value the flag holds: a set event must return true at once. Atomics.wait sleeps while the value is the one you pass, so pass UNSET, not the flag's current value`;
			}
			const early = ((run.values.notifies ?? []) as Array<{ held: number }>).filter((n) => n.held !== 1).length;
			if (early > 0) {
				return `set() called Atomics.notify while the flag still held UNSET (${early} time${early === 1 ? '' : 's'}): a thread it wakes can find the flag unset and go back to sleep, and nobody wakes it again. Store SET first, then notify`;
			}
			if (api.setAfterClear !== false) return `after clear(), isSet() gave ${api.setAfterClear}`;
			if (api.waitAfterClear !== false) return `after clear(), wait(${t2}) gave ${api.waitAfterClear}; the event is unset again, so it times out with false`;
			if (Number(api.waitAfterClearMs) < t2 - 2) return `after clear(), wait(${t2}) returned after ${api.waitAfterClearMs} ms: it must wait until the time is up`;
			return true;
		}, { hint: 0 }),
		checks.custom('none-before-event', 'no runner starts before the event is set', (run) => {
			const race = run.values.race as Race | undefined;
			if (race?.runningBeforeSet === undefined) return 'the race never got to the start: the runners did not all get ready';
			const { runners } = racePlan(run.seed);
			if (race.runningBeforeSet > 0) return `${race.runningBeforeSet} of ${runners} runners had already started ${race.holdMs} ms after they were ready, before the event was set: wait() did not wait`;
			const early = reportsOf(run).filter((r) => r && r.ranAt > 0 && race.setAt !== undefined && r.ranAt < race.setAt);
			return early.length === 0 || `${early.length} runners returned from wait() before the event was set`;
		}, { hint: 1 }),
		checks.custom('all-start', 'once the event is set, every runner starts, and wait() returns true', (run) => {
			const race = run.values.race as Race | undefined;
			if (race?.setAt === undefined) return 'the race never got to the start: the runners did not all get ready';
			const { runners } = racePlan(run.seed);
			const reports = reportsOf(run);
			const failed = reports.find((r) => r?.error);
			if (failed) return `runner ${failed.index} failed: ${failed.error}`;
			const wrong = reports.find((r) => r && r.returned !== true);
			if (wrong) return `in runner ${wrong.index}, wait(${racePlan(run.seed).timeouts[wrong.index] ?? ''}) returned ${JSON.stringify(wrong.returned)} once the event was set; it must return true`;
			const still = reports.filter((r) => r === null).length;
			if (still === 0) return true;
			const message = `${race.deadlineMs} ms after the event was set, ${still} of ${runners} runners were still waiting: set() must wake every waiting thread (Atomics.notify with no count wakes them all)`;
			// Some runners woke and the rest slept through the whole wait: that is set(), not the machine.
			if (still < runners) return message;
			const evidence = machineExplains(run, race.deadlineMs);
			return evidence ? inconclusive(evidence, message) : message;
		}, { hint: 2, timing: true }),
		checks.custom('waits-on-the-event', 'a waiting runner sleeps in Atomics.wait on the event, and wakes when it is set, not before', (run) => {
			const race = run.values.race as Race | undefined;
			if (race?.setAt === undefined) return 'the race never got to the start: the runners did not all get ready';
			for (const r of reportsOf(run)) {
				if (!r || r.error) continue;
				if (r.calls.length === 0) return `runner ${r.index} never called Atomics.wait while it waited for the event: it must sleep, not check the flag in a loop`;
				const elsewhere = r.calls.filter((c) => !c.own).length;
				if (elsewhere > 0) return `runner ${r.index} slept ${elsewhere} time${elsewhere === 1 ? '' : 's'} in Atomics.wait on another array, not on the event's flag: sleeping a while and checking again is polling; wait on the flag itself, so that set() wakes you`;
				const early = r.calls.filter((c) => c.returnedAt < race.setAt!).length;
				if (early > WAKEUPS_ALLOWED) {
					return `runner ${r.index} woke up ${early} times before the event was set (${race.holdMs} ms): it slept in short naps and checked again — polling. Sleep until set() wakes you: Atomics.wait(flag, 0, UNSET) with the time left, not a short timeout`;
				}
			}
			return true;
		}, { hint: 1 }),
		checks.custom('sleeps-while-waiting', 'waiting runners sleep instead of spinning', (run) => {
			const ready = markAt(run, 'all ready');
			const set = markAt(run, 'event set');
			if (ready === undefined || set === undefined) return 'the race never got to the start: the runners did not all get ready';
			const from = ready + Math.min(100, (set - ready) / 4);
			const lanes = run.trace.lanes.filter((lane) => lane.name.startsWith('worker'));
			const cpu = lanes.reduce((sum, lane) => sum + cpuBetween(lane.samples, from, set), 0);
			const allowed = 0.25 * (set - from);
			const window = `${Math.round(set - from)} ms`;
			if (cpu > allowed) return `while waiting for the event, the runners used ${Math.round(cpu)} ms of CPU in ${window}: they were spinning, not sleeping (Atomics.wait sleeps)`;
			// On a machine too busy to give spinning threads much CPU, they still want a core all the time
			// (state R in /proc), where a sleeping thread is in state S.
			for (const lane of lanes) {
				const states = lane.samples.filter(([t, , runnable]) => t >= from && t <= set && runnable !== undefined);
				const wanting = states.filter(([, , runnable]) => runnable === 1).length;
				if (states.length >= 4 && wanting >= states.length / 2) {
					return `while waiting for the event, ${lane.name} wanted a core (was running or ready to run) in ${wanting} of ${states.length} looks from outside over ${window}: it was spinning, not sleeping (Atomics.wait sleeps)`;
				}
			}
			// A pass needs every runner watched through its wait: a runner the grader's sampler saw only after
			// the wait began (or never), on a busy machine, counts as idle above whatever it did (CI: a spinning
			// wait passed). Watched: seen within the first and the last quarter of the window.
			const { runners } = racePlan(run.seed);
			const slack = (set - from) / 4;
			const watched = lanes.filter((lane) => lane.samples.length > 0 && lane.samples[0]![0] <= from + slack && lane.samples.at(-1)![0] >= set - slack).length;
			if (watched < runners) {
				const message = `the grader watched only ${watched} of the ${runners} runners through their wait (${window}), so it cannot tell whether they slept`;
				const f = fairness(run);
				return f.busy ? inconclusive(f.evidence, message) : message;
			}
			return { status: 'pass', message: `the waiting runners used ${Math.round(cpu)} ms of CPU in ${window}, and slept` };
		}, { observesThreads: true, timing: true, hint: 1 }),
	],
});
