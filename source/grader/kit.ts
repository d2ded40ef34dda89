// The check library every exercise's check.ts builds on: `import { checks, defineExercise } from 'conc-tutor/kit'`.
// Each builder returns a Check whose evaluate() runs in the trusted grader on a RunResult.
import { isDeepStrictEqual } from 'node:util';
import { fairness, machineExplains, TOO_BUSY } from './fairness.js';
import { cpuAt, cpuAtMost, cpuBetween } from './lanes.js';
import type { Check, CheckOutcome, ExerciseSpec, Lane, RunResult, ScheduleOutcome } from './spec.js';

export type { Check, CheckOutcome, ExerciseSpec, RunResult, SandboxContext, Scheduler, ScheduleOutcome } from './spec.js';
export { fairness, machineExplains } from './fairness.js';
export { cpuAtMost, cpuBetween, cpuBounds } from './lanes.js';
export { countTurns, describeIdle, idleAfterAnswer, watchHandoffs, type Handoff, type TurnCounter } from './turns.js';

/** Identity, for type inference in check.ts files. */
export function defineExercise(spec: ExerciseSpec): ExerciseSpec {
	return spec;
}

type Options = Pick<Check, 'hidden' | 'hint' | 'timing' | 'observesThreads'>;
/** A value, or a function computing it from the run (usually from run.seed). */
type Expected = ((run: RunResult) => unknown) | string | number | boolean | null | readonly unknown[] | { [key: string]: unknown };
const pass = (message: string): CheckOutcome => ({ status: 'pass', message });
const fail = (message: string): CheckOutcome => ({ status: 'fail', message });
const skip = (message: string): CheckOutcome => ({ status: 'skip', message });

/**
 * An inconclusive outcome: the machine, not the code, was too slow. `evidence` says what was measured
 * outside the sandbox. The grader turns it into a fail unless the check is marked `timing` and its own
 * outside reading agrees that the machine was busy (verify.ts).
 */
export function inconclusive(evidence: string, what = ''): CheckOutcome {
	return { status: 'inconclusive', message: `${TOO_BUSY}${what ? ` (${what})` : ''}: ${evidence}` };
}

/**
 * A measured time against its budget, for timing checks: passes within the budget; over it, fails unless
 * the machine explains the whole overrun (busy with other programs, and the run's threads waited at
 * least that long for a core), in which case it is inconclusive. `failMessage` says what the code did.
 * Something that never happened (Infinity, NaN) is never the machine's fault.
 *
 * `floorMs`: for a deadline ("settles within the limit, plus a grace"), the time the rule itself makes
 * the code take (the limit). The margin a correct solution has is then the grace over its lateness past
 * the floor: a budget of 3 × the limit would let a solution wait three times too long.
 */
export function withinBudget(
	run: RunResult,
	measuredMs: number,
	budgetMs: number,
	failMessage: string,
	{ lanes, floorMs = 0 }: { lanes?: Lane[]; floorMs?: number } = {},
): CheckOutcome | true {
	if (measuredMs <= budgetMs) {
		run.margins?.push((budgetMs - floorMs) / Math.max(1, measuredMs - floorMs));
		return true;
	}
	const overrun = Number.isFinite(measuredMs) ? measuredMs - budgetMs : Infinity;
	const evidence = machineExplains(run, overrun, lanes);
	return evidence ? inconclusive(evidence, `${failMessage}; ${Math.round(overrun)} ms over`) : fail(failMessage);
}

/**
 * A rule "the lane used at most `allowedMs` of CPU between two instants". Judged on the most it can have
 * used (`cpuAtMost`) and on the least (`cpuBetween`); the two differ only when the grader's sampler first
 * saw the lane after `from`. Returns the CPU (ms) to show when within the rule; a fail when even the least
 * is over. When only the most is over, the sampler was late, not the code: inconclusive on a busy machine
 * (only a `timing` check may say so), otherwise the most counts.
 */
export function cpuWithin(
	run: RunResult,
	lane: Lane,
	from: number,
	to: number,
	allowedMs: number,
	overMessage: (usedMs: number) => string,
): number | CheckOutcome {
	const most = Math.round(cpuAtMost(lane.samples, from, to));
	if (most <= allowedMs) {
		run.margins?.push(allowedMs / Math.max(1, most));
		return most;
	}
	const least = Math.round(cpuBetween(lane.samples, from, to));
	if (least > allowedMs) return fail(overMessage(least));
	const f = fairness(run);
	const first = lane.samples[0]?.[0];
	const seen = first === undefined ? `the grader never saw the ${lane.name} thread in the call` : `the grader first saw the ${lane.name} thread ${Math.round(first - from)} ms into the call`;
	return f.busy ? inconclusive(f.evidence, seen) : fail(overMessage(most));
}

export function show(value: unknown, max = 120): string {
	let text: string;
	try {
		text = value === undefined ? 'undefined' : JSON.stringify(value);
	} catch {
		text = String(value);
	}
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where two values first differ, in words: "at [3]: expected 4, got 5". */
export function diff(expected: unknown, actual: unknown, at = ''): string {
	if (Array.isArray(expected) && Array.isArray(actual)) {
		for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
			if (i >= actual.length) return `${at || 'the array'} is too short: expected ${expected.length} items, got ${actual.length}`;
			if (i >= expected.length) return `${at || 'the array'} is too long: expected ${expected.length} items, got ${actual.length}`;
			if (!isDeepStrictEqual(expected[i], actual[i])) return diff(expected[i], actual[i], `${at}[${i}]`);
		}
	}
	if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected)) {
		for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
			const e = (expected as Record<string, unknown>)[key];
			const a = (actual as Record<string, unknown>)[key];
			if (!isDeepStrictEqual(e, a)) return diff(e, a, `${at}.${key}`);
		}
	}
	return `${at ? `at ${at}: ` : ''}expected ${show(expected)}, got ${show(actual)}`;
}

/** What a check's evaluate() returned, as an outcome: true passes, false or a sentence fails. */
export function normalise(result: CheckOutcome | boolean | string, okMessage: string): CheckOutcome {
	if (result === true) return pass(okMessage);
	if (result === false) return fail('not as expected');
	if (typeof result === 'string') return fail(result);
	return result;
}

/** Lanes that do the solution's work: worker threads and child processes, not the sandbox's main thread. */
function workLanes(run: RunResult): Lane[] {
	return run.trace.lanes.filter((lane) => lane.name !== 'main');
}

/** A lane's start-up is not work: its first 50 ms of CPU (150 ms for a child process). */
export const startupMs = (lane: Lane) => (lane.name.startsWith('child') ? 150 : 50);

/** CPU (ms) a lane worked in (from, to]: none past its start-up, and none when every look in it saw it asleep. */
function workedMs(lane: Lane, from: number, to: number): number {
	const looks = lane.samples.filter(([t, , runnable]) => t > from && t <= to && runnable !== undefined);
	if (looks.length > 0 && looks.every(([, , runnable]) => runnable === 0)) return 0;
	const after = (t: number) => Math.max(0, cpuAt(lane.samples, t) - startupMs(lane));
	return after(to) - after(from);
}

/**
 * Time (ms) during which at least `n` lanes ran at the same time, from the /proc samples, in 200 ms
 * windows. A window counts when `n` lanes were each busy (≥ 15% of a core: an honest worker on a loaded
 * machine gets a fifth of a core, a waiting one ~0) AND together used more than one core (≥ 1.15 × the
 * window): workers that take turns on one core, however finely, never use more than one core's worth.
 * Start-up CPU and windows a lane slept through do not count: a worker that starts, then waits for the
 * other to finish, must not make one window look shared.
 */
export function overlapMs(lanes: Lane[], n = 2, windowMs = 200): number {
	const end = Math.max(0, ...lanes.flatMap((lane) => lane.samples.map(([t]) => t)));
	let overlap = 0;
	for (let t = 0; t < end; t += windowMs) {
		const used = lanes.map((lane) => workedMs(lane, t, t + windowMs));
		const busy = used.filter((ms) => ms >= windowMs * 0.15);
		if (busy.length >= n && busy.reduce((sum, ms) => sum + ms, 0) >= windowMs * 1.15) overlap += windowMs;
	}
	return overlap;
}

/**
 * Time (ms) during which at least `n` lanes wanted a core at the same instant: state R (running, or
 * runnable and waiting only for a free core) in the same /proc sample. Unlike CPU, this holds on a
 * machine so loaded that the run never gets two cores: a worker waiting for a lock, a message or its
 * turn sleeps (state S) and is not counted. A lane's start-up is not work (`startupMs`).
 */
export function runnableOverlapMs(lanes: Lane[], n = 2, sampleMs = 40): number {
	const byTime = new Map<number, number>();
	for (const lane of lanes) {
		const startup = startupMs(lane);
		for (const [t, cpu, runnable] of lane.samples) {
			if (runnable === 1 && cpu >= startup) byTime.set(t, (byTime.get(t) ?? 0) + 1);
		}
	}
	// Each sample stands for the time since the previous one: on a busy machine the sampler itself runs
	// late, and counting a fixed 40 ms per sample would under-count (up to 5 sample periods per sample).
	const times = [...new Set(lanes.flatMap((lane) => lane.samples.map(([t]) => t)))].sort((a, b) => a - b);
	let total = 0;
	for (let i = 0; i < times.length; i++) {
		if ((byTime.get(times[i]!) ?? 0) < n) continue;
		total += i === 0 ? sampleMs : Math.min(5 * sampleMs, Math.max(sampleMs, times[i]! - times[i - 1]!));
	}
	return Math.round(total);
}

/**
 * Was the main thread's worst stall the machine's doing? True when, somewhere in the run, there is a
 * stretch as long as the stall during which the main thread wanted a core at every sample (state R) yet
 * got no more than `allowedMs` of CPU: a thread that blocks its loop with work uses the CPU it gets, and
 * one that blocks in Atomics.wait sleeps (state S); neither leaves such a stretch.
 */
export function starvedStretch(main: Lane | undefined, stallMs: number, allowedMs: number): boolean {
	if (!main || main.samples.length < 2) return false;
	const samples = main.samples;
	for (let i = 0; i < samples.length; i++) {
		const [t0, c0] = samples[i]!;
		let allRunnable = samples[i]![2] === 1;
		for (let j = i + 1; j < samples.length && allRunnable; j++) {
			const [t1, c1, r1] = samples[j]!;
			if (r1 !== 1) allRunnable = false;
			else if (t1 - t0 >= stallMs - 40) {
				if (c1 - c0 <= allowedMs) return true;
				break;
			}
		}
	}
	return false;
}

function lifetimesOverlap(run: RunResult): boolean {
	const spans = new Map<number, [number, number]>();
	for (const e of run.trace.events) {
		if (e.type === 'worker-online') spans.set(e.threadId, [e.t, Infinity]);
		if (e.type === 'worker-exit' && spans.has(e.threadId)) spans.get(e.threadId)![1] = e.t;
	}
	const list = [...spans.values()];
	return list.some(([s1, e1], i) => list.some(([s2, e2], j) => i !== j && s2 < e1 && s1 < e2));
}

interface CountBounds {
	exact?: number;
	atLeast?: number;
	atMost?: number;
	/** Most alive at the same time. */
	maxAtOnce?: number;
	/** At least this many alive at the same time. */
	minAtOnce?: number;
}

function counts(kind: 'workers' | 'processes', bounds: CountBounds, options: Options & { id?: string; title?: string }): Check {
	const noun = kind === 'workers' ? 'worker' : 'child process';
	const nouns = kind === 'workers' ? 'workers' : 'child processes';
	const words = [
		bounds.exact !== undefined ? `exactly ${bounds.exact}` : '',
		bounds.atLeast !== undefined ? `at least ${bounds.atLeast}` : '',
		bounds.atMost !== undefined ? `at most ${bounds.atMost}` : '',
		bounds.maxAtOnce !== undefined ? `at most ${bounds.maxAtOnce} at once` : '',
		bounds.minAtOnce !== undefined ? `at least ${bounds.minAtOnce} at once` : '',
	].filter(Boolean);
	return {
		id: options.id ?? kind,
		title: options.title ?? `starts ${words.join(', ')} ${bounds.exact === 1 || bounds.atMost === 1 ? noun : nouns}`,
		...options,
		evaluate(run) {
			const { started, maxAlive } = run.trace[kind];
			const got = `started ${started} ${started === 1 ? noun : nouns}${maxAlive !== started ? `, ${maxAlive} at most at once` : ''}`;
			if (bounds.exact !== undefined && started !== bounds.exact) return fail(`${got}; expected exactly ${bounds.exact}`);
			if (bounds.atLeast !== undefined && started < bounds.atLeast) return fail(`${got}; expected at least ${bounds.atLeast}`);
			if (bounds.atMost !== undefined && started > bounds.atMost) return fail(`${got}; expected at most ${bounds.atMost}`);
			if (bounds.maxAtOnce !== undefined && maxAlive > bounds.maxAtOnce) {
				return fail(`${maxAlive} ${nouns} were alive at once; at most ${bounds.maxAtOnce} may be`);
			}
			if (bounds.minAtOnce !== undefined && maxAlive < bounds.minAtOnce) {
				return fail(`only ${maxAlive} ${maxAlive === 1 ? noun : nouns} alive at once; expected at least ${bounds.minAtOnce} working together`);
			}
			return pass(got);
		},
	};
}

export const checks = {
	/** Any predicate over the run: return true, or a string saying what is wrong. */
	custom(id: string, title: string, evaluate: (run: RunResult) => CheckOutcome | boolean | string, options: Options = {}): Check {
		return { id, title, ...options, evaluate: (run) => normalise(evaluate(run), title) };
	},

	/** A reported value checked by a predicate: return true, or a string saying what is wrong. */
	value<T = unknown>(
		id: string,
		title: string,
		key: string,
		predicate: (value: T, run: RunResult) => boolean | string | CheckOutcome,
		options: Options = {},
	): Check {
		return {
			id,
			title,
			...options,
			evaluate(run) {
				if (!(key in run.values)) return fail(`your code never produced "${key}"`);
				return normalise(predicate(run.values[key] as T, run), title);
			},
		};
	},

	/** A reported value equal to what the grader computed itself (from the seed), with a readable diff. */
	equal(id: string, title: string, key: string, expected: Expected, options: Options = {}): Check {
		return {
			id,
			title,
			...options,
			evaluate(run) {
				if (!(key in run.values)) return fail(`your code never produced "${key}"`);
				const want = typeof expected === 'function' ? (expected as (run: RunResult) => unknown)(run) : expected;
				const got = run.values[key];
				// A pass says so in words: the value itself is often long, and a cut dump reads as a fault.
				return isDeepStrictEqual(want, got) ? pass('as expected') : fail(diff(want, got));
			},
		};
	},

	/**
	 * Work really ran in parallel: at least `lanes` worker threads or child processes were each busy, and
	 * together used more than one core, during the same windows, for at least `minOverlapMs` in all. CPU ÷ wall is reported, not required:
	 * on a noisy 2-core machine it ranges 1.30–1.97 for honest parallel work. On 1 core, falls back to
	 * overlapping worker lifetimes.
	 */
	parallelism(options: Options & { lanes?: number; minOverlapMs?: number; id?: string } = {}): Check {
		const n = options.lanes ?? 2;
		const minOverlap = options.minOverlapMs ?? 400;
		return {
			id: options.id ?? 'parallelism',
			title: `uses ${n} cores at the same time`,
			timing: true,
			observesThreads: true,
			...options,
			evaluate(run) {
				const { cores } = run.trace;
				// What was measured, in the words of the rule: lanes busy together, for how long, against the need.
				if (cores < n) {
					return lifetimesOverlap(run)
						? pass(`only ${cores} core here: ${n} workers were alive and working at the same time`)
						: fail(`only ${cores} core here, and no two workers were even alive at the same time`);
				}
				const lanes = workLanes(run);
				const busy = lanes.filter((lane) => lane.cpuMs >= 100);
				// Either proof will do: more than a core's worth of CPU at once, or (on a machine too loaded to
				// give the run two cores) two workers wanting a core at the same instants.
				const overlap = Math.max(overlapMs(lanes, n), runnableOverlapMs(lanes, n));
				const main = run.trace.lanes.find((lane) => lane.name === 'main');
				const cpus = busy.map((lane) => `${Math.round(lane.cpuMs)}`).join(', ');
				if (busy.length < n) {
					const mainNote = main && main.cpuMs > 300 ? `; the main thread did ${Math.round(main.cpuMs)} ms of CPU work itself` : '';
					return fail(`only ${busy.length} worker${busy.length === 1 ? '' : 's'} or process${busy.length === 1 ? '' : 'es'} did real CPU work (≥ 100 ms each); ${n} should${mainNote}`);
				}
				run.margins?.push(overlap / minOverlap);
				if (overlap < minOverlap) {
					return fail(`${busy.length} workers did CPU work (${cpus} ms), but at least ${n} of them were busy at the same time for only ${overlap} ms; ${minOverlap} ms is needed`);
				}
				return pass(`${n} or more workers were busy at the same time for ${overlap} ms (needed: ${minOverlap} ms); CPU per worker ${cpus} ms`);
			},
		};
	},

	workers(bounds: CountBounds, options: Options & { id?: string; title?: string } = {}): Check {
		return counts('workers', bounds, options);
	},

	processes(bounds: CountBounds, options: Options & { id?: string; title?: string } = {}): Check {
		return counts('processes', bounds, options);
	},

	/** The main thread's event loop never stalled longer than maxDelayMs (a 10 ms heartbeat, measured in the sandbox). */
	eventLoopResponsive(maxDelayMs: number, options: Options & { id?: string } = {}): Check {
		return {
			id: options.id ?? 'event-loop-responsive',
			title: `keeps the event loop responsive (no stall over ${maxDelayMs} ms)`,
			timing: true,
			onUnfinished: true,
			...options,
			evaluate(run) {
				const delay = Math.round(run.trace.maxLoopDelayMs);
				if (delay <= maxDelayMs) return pass(`longest stall ${delay} ms`);
				const message = `the event loop was blocked for ${delay} ms at once (allowed: ${maxDelayMs} ms); timers and I/O waited that long`;
				// The machine may take the blame only if it was busy with others and, for as long as the stall,
				// the main thread wanted a core but got at most the allowed time on one.
				const main = run.trace.lanes.find((lane) => lane.name === 'main');
				const f = fairness(run, main ? [main] : []);
				if (f.busy && run.end.kind === 'done' && starvedStretch(main, delay, maxDelayMs)) return inconclusive(f.evidence, `a stall of ${delay} ms`);
				return fail(message);
			},
		};
	},

	/** Every worker and child process the solution started had ended when its function returned. */
	noLeaks(options: Options & { id?: string } = {}): Check {
		return {
			id: options.id ?? 'no-leaks',
			title: 'leaves no worker or process running',
			...options,
			evaluate(run) {
				return run.leaks.workers === 0 && run.leaks.processes === 0
					? pass('everything it started had ended')
					: fail(`when your function returned, ${run.leaks.detail}`);
			},
		};
	},

	/** No deadlock: when the run stopped making progress, the lab Mutex's wait-for graph is reported. */
	noDeadlock(options: Options & { id?: string } = {}): Check {
		return {
			id: options.id ?? 'no-deadlock',
			title: 'never deadlocks',
			onUnfinished: true,
			...options,
			evaluate(run) {
				if (run.deadlock) return fail(`deadlock: ${run.deadlock.join('; ')}`);
				if (run.end.kind === 'timeout') return fail(`no progress before the time limit (${run.reason ?? 'timed out'})`);
				return run.end.kind === 'done' ? pass('no thread waited forever') : skip('the run ended early for another reason');
			},
		};
	},

	/**
	 * Every completion order explored by ctx.explore (reported under `key`) satisfied the predicate.
	 * The failing order is printed, so the learner can replay it in their head.
	 */
	schedules<T = unknown>(
		id: string,
		title: string,
		key: string,
		predicate: (value: T, run: RunResult) => boolean | string,
		options: Options = {},
	): Check {
		return checks.value<ScheduleOutcome<T>[]>(
			id,
			title,
			key,
			(outcomes, run) => {
				if (!Array.isArray(outcomes) || outcomes.length === 0) return `your code never produced "${key}"`;
				for (const outcome of outcomes) {
					const order = outcome.order.join(' → ') || '(no scheduled operations)';
					if (outcome.stuck) return `in the order ${order}, the calls never finished: something awaits forever`;
					if (outcome.error !== undefined) return `in the order ${order}, your code threw: ${outcome.error}`;
					const verdict = predicate(outcome.value as T, run);
					if (verdict !== true) return `in the order ${order}: ${verdict === false ? `got ${show(outcome.value)}` : verdict}`;
				}
				return pass(`all ${outcomes.length} completion orders were correct`);
			},
			options,
		);
	},
};
