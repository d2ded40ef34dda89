// The contract between an exercise's check.ts and the grader. A check.ts default-exports an ExerciseSpec:
// `run` executes inside the sandbox and drives the learner's code; `checks` execute in the trusted grader
// against what the sandbox reported and what the grader observed from outside (/proc).

export interface Limits {
	/** Wall-clock limit of one run in ms, before the machine's calibration factor. Default 10 000. */
	timeoutMs: number;
	/** V8 heap limit of the sandbox and each of its workers, MB. Default 512. */
	heapMb: number;
	/** Resident memory of the whole process tree, MB. Default 1024. */
	rssMb: number;
	/** Workers the solution may start in one run. Default 24. */
	maxWorkers: number;
	/** Child processes the solution may start in one run (whole tree). Default 16. */
	maxProcesses: number;
	/** Bytes of stdout+stderr kept; the rest is drained and dropped. Default 1 MiB. */
	outputBytes: number;
}

export interface ExerciseSpec {
	/** Overrides of the default limits. */
	limits?: Partial<Limits>;
	/** Runs with consecutive seeds, each in a fresh sandbox, that must all pass. Default 1. */
	stress?: number;
	/** Runs inside the sandbox. Import the learner's files with ctx.import and report what they did. */
	run(ctx: SandboxContext): Promise<void>;
	checks: Check[];
}

/** What `run` gets inside the sandbox. */
export interface SandboxContext {
	readonly seed: number;
	/** Seeded random number in [0, 1): the same seed gives the same inputs in every run. */
	random(): number;
	/** Seeded integer in [min, max]. */
	randomInt(min: number, max: number): number;
	/** The run folder holding the learner's compiled files. */
	readonly dir: string;
	/** Imports a learner file by its workspace name (e.g. "counter.ts"); TypeScript is already compiled. */
	// biome-ignore lint/suspicious/noExplicitAny: a learner's module has no declared type; authors destructure what they call.
	import<T = any>(file: string): Promise<T>;
	/** Sends a value to the grader; checks read it from run.values[key]. Must be JSON-serialisable. */
	report(key: string, value: unknown): void;
	/** Adds a labelled instant to the trace (drawn on the timeline). */
	mark(label: string): void;
	/** Runs `scenario` once per completion order of its scheduled operations; see Explorer. */
	explore<T>(scenario: (scheduler: Scheduler) => Promise<T>, options?: ExploreOptions): Promise<ScheduleOutcome<T>[]>;
	/** Resolves after ms milliseconds (a timer the learner's code cannot see). */
	sleep(ms: number): Promise<void>;
	/**
	 * The machine's time factor (its calibration, ≥ 1; larger on a slow machine and on the grader's own
	 * re-runs of an inconclusive result). Multiply every time budget of `run` by it.
	 */
	readonly factor: number;
	/**
	 * How slow this machine is right now, measured in this run: spins ~40 ms and reads how much of that
	 * time this thread actually got a core (/proc/thread-self/schedstat). 1 on an idle machine, 3 when a
	 * third of a core is all it gets. Use `ctx.factor * await ctx.pace()` to scale budgets that depend on
	 * process or worker start-up.
	 */
	pace(): Promise<number>;
	/**
	 * Waits until `condition()` is true (checked every 10 ms), at most `timeoutMs`: resolves true when it
	 * held, false at the timeout. Wait for the event itself instead of assuming it after a fixed delay.
	 */
	waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean>;
}

export interface ExploreOptions {
	/** Orders tried depth-first before switching to seeded random orders. Default 500. */
	exhaustiveLimit?: number;
	/** Seeded random orders tried when there are more orders than exhaustiveLimit. Default 200. */
	randomOrders?: number;
}

/** Inside a scenario: every operation whose completion order matters goes through `op`. */
export interface Scheduler {
	/** Returns a promise that settles with `effect()`'s value when the scheduler chooses this operation. */
	op<T>(label: string, effect: () => T): Promise<T>;
}

export interface ScheduleOutcome<T> {
	/** Labels of the operations in the order they completed. */
	order: string[];
	/** What the scenario returned, unless it threw or got stuck. */
	value?: T;
	error?: string;
	/** True when no operation was pending yet the scenario never finished (an await that can never resolve). */
	stuck?: boolean;
}

// ---- what the grader sees -------------------------------------------------------------------

export type TraceEvent =
	| { t: number; type: 'worker-created'; threadId: number; file?: string }
	| { t: number; type: 'worker-online'; threadId: number }
	| { t: number; type: 'worker-exit'; threadId: number; code: number }
	| { t: number; type: 'worker-terminate'; threadId: number }
	| { t: number; type: 'message'; from: number; to: number }
	| { t: number; type: 'child-spawn'; pid: number; file: string }
	| { t: number; type: 'child-exit'; pid: number; code: number | null; signal: string | null }
	| { t: number; type: 'kill'; from: number; pid: number; signal: string }
	/** The parent called child.send() (to the child with this pid), or received a 'message' from it. */
	| { t: number; type: 'ipc-send' | 'ipc-message'; pid: number }
	| { t: number; type: 'lock-wait' | 'lock-acquired' | 'lock-released' | 'lock-gave-up'; threadId: number; pid: number; lock: string }
	| { t: number; type: 'mark'; label: string }
	| { t: number; type: 'run-start' | 'run-end' };

/** A thread or process seen from outside (/proc), with the CPU it used. */
export interface Lane {
	/** "main", "worker 3", "child 1234", "child 1234 worker 1". */
	name: string;
	pid: number;
	tid: number;
	threadId?: number;
	cpuMs: number;
	/**
	 * [t, cumulative cpu ms, runnable] samples every 40 ms, t in ms since the run started; runnable is 1
	 * when the thread was on a core or waiting only for one (state R), 0 when it slept or waited.
	 */
	samples: Array<[number, number, number?]>;
	start: number;
	end?: number;
	/**
	 * The most CPU (ms) the thread can have used after its last sample, from its process's total, when the
	 * sampler could tell (the process was looked at before and after the thread ended).
	 */
	tailMs?: number;
	/**
	 * Time this thread was runnable but waiting for a core, ms (from outside: /proc/<pid>/task/<tid>/schedstat,
	 * field 2). Filled by the sampler when it can; otherwise estimated from the samples (see fairness.ts).
	 */
	waitMs?: number;
}

export interface Trace {
	events: TraceEvent[];
	lanes: Lane[];
	/** User+system CPU of the whole tree, ms. */
	cpuMs: number;
	wallMs: number;
	/** Longest gap between the sandbox main thread's 10 ms heartbeats while the run was going, ms. */
	maxLoopDelayMs: number;
	/** Most workers alive at once, and total started. */
	workers: { started: number; maxAlive: number };
	/** Child processes started (the whole tree), and most alive at once. */
	processes: { started: number; maxAlive: number };
	cores: number;
	/** The grader's own (outside) process's worst timer lateness during the run, ms, when the sampler measured it. */
	graderLagMs?: number;
	/** Total run-queue wait of all the run's threads, ms (outside, schedstat), when the sampler measured it. */
	runQueueMs?: number;
}

/**
 * How busy the machine was during a run, measured by the grader process itself, outside the sandbox:
 * the learner's code cannot lower it, and can raise `foreignShare` only by running code outside the run's
 * process tree.
 */
export interface MachineLoad {
	/** Wall time of the measurement (the whole run, with sandbox start and teardown), ms. */
	wallMs: number;
	cores: number;
	/** CPU used by everything on the machine except this run's tree and the grader, ms (/proc/stat, steal included). */
	foreignCpuMs: number;
	/** foreignCpuMs ÷ (wallMs × cores): 0 on an idle machine, 1 when others used every core all the time. */
	foreignShare: number;
	/** CPU stolen by the hypervisor during the run, ms. */
	stealMs: number;
	/** The grader's own worst timer lateness during the run (a 20 ms interval), ms. */
	graderLagMs: number;
}

export type RunEnd =
	| { kind: 'done' }
	| { kind: 'threw'; message: string }
	| { kind: 'timeout'; ms: number }
	| { kind: 'deadlock'; cycle: string[] }
	| { kind: 'limit'; limit: 'memory' | 'heap' | 'workers' | 'processes' | 'output'; detail: string }
	| { kind: 'crash'; detail: string }
	/** Ended from outside the sandbox, where the code cannot reach (a person, another program): nothing to judge. */
	| { kind: 'interrupted'; detail: string }
	| { kind: 'tampered'; detail: string }
	| { kind: 'compile-error'; detail: string };

export interface RunResult {
	seed: number;
	/** When the grader started the run (epoch ms): trace times count from here. */
	startedAt?: number;
	end: RunEnd;
	/** One sentence for a person, when the run did not finish normally. */
	reason?: string;
	values: Record<string, unknown>;
	trace: Trace;
	/** Workers and processes still alive when run() returned (after a short grace). */
	leaks: { workers: number; processes: number; detail: string };
	/** Deadlock found when the run stopped making progress, as sentences. */
	deadlock?: string[];
	output: string;
	/** How the run was isolated: 'bubblewrap', or 'none' where bubblewrap is missing or turned off. */
	isolation?: 'bubblewrap' | 'none';
	/** How busy the machine was, measured outside the sandbox by the grader (absent where /proc is not). */
	machine?: MachineLoad;
	/**
	 * Filled by the kit while one check is evaluated: for each time or overlap it compared with a budget,
	 * how many times over the need the run was (budget ÷ measured for a limit, measured ÷ needed for a
	 * minimum). The grader keeps the smallest per check: the margin a correct solution had (bench/idle.mjs).
	 */
	margins?: number[];
}

/**
 * `inconclusive`: the machine, not the code, was too slow for a fair judgement (allowed only when the
 * outside evidence says so; see fairness.ts). Never a fail, never counted as an attempt; graded again.
 */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'inconclusive';

export interface CheckOutcome {
	status: CheckStatus;
	message: string;
}

export interface Check {
	id: string;
	title: string;
	/**
	 * Its outcome depends on time (deadlines, CPU overlap, loop delay): batch grading runs it with nothing
	 * else running, and it may be inconclusive when the machine was too busy.
	 */
	timing?: boolean;
	/** Learners see only that a hidden check failed. */
	hidden?: boolean;
	/** Index (0-based) of the hint that helps with this check. */
	hint?: number;
	/** Evaluated even when the run did not finish (e.g. to explain a deadlock). */
	onUnfinished?: boolean;
	/**
	 * It reads how the run's threads ran (the /proc samples in trace.lanes). Where there is no /proc
	 * (not Linux), it is skipped and says why: never a learner's fail.
	 */
	observesThreads?: boolean;
	evaluate(run: RunResult): CheckOutcome | boolean | string;
}
