// Grading one exercise: compile the learner's files, run them (several seeds when the exercise asks for a
// stress test), and evaluate every check in this trusted process.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as z from 'zod/mini';
import { SpecError } from '../lessons/errors.js';
import type { Exercise } from '../lessons/types.js';
import { starterFilesOf } from '../workspace/files.js';
import { timeFactor } from './calibrate.js';
import { fairness, TOO_BUSY } from './fairness.js';
import { normalise } from './kit.js';
import type { IsolationMode } from './isolation.js';
import { startLoadProbe } from './load.js';
import { Sandbox, type SandboxLimits } from './sandbox/sandbox.js';
import type { Check, CheckOutcome, CheckStatus, ExerciseSpec, Limits, RunResult, Trace } from './spec.js';
import { bundleCheck, CompileError, filesVersion, prepareRunDir, warmTransform } from './transform.js';
import { epochNow } from './epoch.js';
import { hasProc, NO_PROC } from './proc.js';
import { invocation } from '../cli/invocation.js';

export const defaultLimits: Limits = {
	timeoutMs: 10_000,
	heapMb: 512,
	rssMb: 1024,
	maxWorkers: 24,
	maxProcesses: 16,
	outputBytes: 1024 * 1024,
};

export interface CheckResult {
	id: string;
	title: string;
	status: CheckStatus;
	message: string;
	hidden?: boolean;
	timing?: boolean;
	hint?: number;
	/** The smallest margin the check measured against a time or overlap budget (see RunResult.margins). */
	margin?: number;
}

/** pass; fail (some check failed); inconclusive (none failed, but the machine was too busy to judge one). */
export type VerifyStatus = 'pass' | 'fail' | 'inconclusive';

export interface VerifyResult {
	exercise: string;
	status: VerifyStatus;
	/** Gradings of these files, counting re-runs after an inconclusive result (verifyPatiently); 1 otherwise. */
	tries?: number;
	checks: CheckResult[];
	durationMs: number;
	seed: number;
	/** Seeds run (stress); the last is the one whose checks are shown. */
	seeds: number[];
	trace: Trace | null;
	output: string;
	/** Where the time went, ms: for benchmarks and the curious. */
	phases: Phases;
	/** How the learner's code was isolated ('none': it ran as the user, with the user's rights). */
	isolation: IsolationMode;
	/** A hash of the files graded: the same files graded twice (two tutors open, a re-grade) are one attempt. */
	version?: string;
}

export interface Phases {
	/** TypeScript type-stripping into the run folder (cached per file content). */
	transformMs: number;
	/** Loading the exercise's checks and the machine's calibration. */
	graderStartMs: number;
	/** From asking for a run to the solution's first line (sandbox process, preload, check bundle). */
	sandboxStartMs: number;
	/** The solution's own run: run-start to run-end inside the sandbox. */
	runMs: number;
	/** From the run's end to the verdict's arrival: leak check, ending the tree, reporting. */
	teardownMs: number;
	checksMs: number;
}

const positive = z.number().check(z.positive());
const count = z.number().check(z.int(), z.minimum(0));
const specSchema = z.object({
	run: z.custom<ExerciseSpec['run']>((value) => typeof value === 'function', 'must be a function'),
	checks: z
		.array(
			z.looseObject({
				id: z.string().check(z.minLength(1)),
				title: z.string().check(z.minLength(1)),
				evaluate: z.custom<Check['evaluate']>((value) => typeof value === 'function', 'must be a function'),
			}),
		)
		.check(z.minLength(1)),
	stress: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
	limits: z.optional(
		z.partial(
			z.object({ timeoutMs: positive, heapMb: positive, rssMb: positive, maxWorkers: count, maxProcesses: count, outputBytes: positive }),
		),
	),
});



/** Check bundles (content-addressed) already seen to load: imported into the grader without a trial. */
const loadable = new Set<string>();
/**
 * Beside a bundle in the cache, once it has loaded in a trial under this Node: later processes (every CLI
 * verify is one) skip the trial, a worker's start. The bundle's name is the hash of its content, so the
 * mark cannot outlive what it vouches for.
 */
const loadsMark = (bundle: string) => `${bundle}.loads-${process.version}`;
/** And those that did not, with why: a class's cells of a broken exercise wait for the loop only once. */
const unloadable = new Map<string, SpecError>();

/**
 * Loads a check bundle once in a worker thread first: a check.ts that throws or never finishes while
 * loading is named as the author's mistake, and a loop at import is ended, instead of hanging the grader.
 */
async function tryLoading(bundle: string, file: string): Promise<void> {
	if (loadable.has(bundle)) return;
	const known = unloadable.get(bundle);
	if (known) throw known;
	if (existsSync(loadsMark(bundle))) {
		loadable.add(bundle);
		return;
	}
	const limitMs = 10_000 * timeFactor();
	const worker = new Worker(
		"const { parentPort, workerData } = require('node:worker_threads'); import(workerData).then(() => parentPort.postMessage(''), (error) => parentPort.postMessage(String(error && error.stack || error)));",
		{ eval: true, workerData: pathToFileURL(bundle).href, stdout: true, stderr: true },
	);
	try {
		const failure = await new Promise<string | undefined>((resolve, reject) => {
			const timer = setTimeout(() => resolve(`did not finish loading within ${Math.round(limitMs / 1000)} s (a loop at its top level?)`), limitMs);
			worker.once('message', (error: string) => {
				clearTimeout(timer);
				resolve(error ? `throws while loading: ${error.split('\n')[0]}` : undefined);
			});
			worker.once('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
		});
		if (failure) {
			const error = new SpecError(`${file} ${failure}`);
			unloadable.set(bundle, error);
			throw error;
		}
		loadable.add(bundle);
		try {
			writeFileSync(loadsMark(bundle), '', { mode: 0o600 });
		} catch {
			// not kept: the next process tries it again
		}
	} finally {
		await worker.terminate();
	}
}

/** A zod issue in words: "field checks.0.title: expected a string, got undefined". */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
	const where = issue.path.length ? `field ${issue.path.join('.')}` : 'the default export';
	if (issue.code === 'invalid_type') {
		const got = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key], value);
		return `${where}: expected ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, got ${got === null ? 'null' : typeof got}`;
	}
	return `${where}: ${issue.message}`;
}

/** Loads an exercise's check.ts (bundled and cached) and validates its shape. */
export async function loadSpec(exercise: Exercise): Promise<ExerciseSpec & { bundle: string }> {
	const file = `${exercise.path}/check.ts`;
	const bundle = await bundleCheck(file);
	await tryLoading(bundle, file);
	const module = (await import(pathToFileURL(bundle).href)) as { default?: unknown };
	const parsed = specSchema.safeParse(module.default);
	if (!parsed.success) throw new SpecError(`${file}: ${describeIssue(parsed.error.issues[0]!, module.default)}`);
	const spec = module.default as ExerciseSpec;
	const ids = spec.checks.map((check) => check.id);
	const dup = ids.find((id, i) => ids.indexOf(id) !== i);
	if (dup) throw new SpecError(`${file}: two checks share the id "${dup}"`);
	if (ids.includes(RUNS.id)) throw new SpecError(`${file}: the check id "${RUNS.id}" is the grader's own`);
	for (const [variant, named] of Object.entries(exercise.wrong)) {
		for (const id of named) {
			if (id !== RUNS.id && id !== COMPILES.id && !ids.includes(id)) {
				throw new SpecError(`${exercise.path}/task.md: wrong.${variant} names check "${id}", which check.ts does not define`);
			}
		}
	}
	return { ...spec, bundle };
}

export { SpecError };

/**
 * The grader's own first checks: the code compiles (esbuild strips the types: only syntax errors fail it;
 * type errors are a warning beside the verdict, see typecheck/), and the run finishes.
 */

export const COMPILES = { id: 'compiles', title: 'your TypeScript parses (type errors only warn)' } as const;
export const RUNS = { id: 'runs', title: 'runs to the end within the limits' } as const;

function outcome(check: Check, run: RunResult): CheckOutcome {
	try {
		const result = normalise(check.evaluate(run), check.title);
		if (result.status !== 'inconclusive') return result;
		// Only a timing check may blame the machine, and only when the grader's own outside reading agrees
		// that the machine was busy with other programs: otherwise it is the code's fail.
		if (check.timing && fairness(run).busy) return result;
		return {
			status: 'fail',
			message: result.message.startsWith(TOO_BUSY)
				? `${result.message.slice(TOO_BUSY.length).replace(/^[:\s]+/, '')} (the machine was not busy: this is the code's doing)`
				: result.message,
		};
	} catch (error) {
		// A check that cannot read the values (wrong shape from the solution) is a fail, not a crash.
		return { status: 'fail', message: `could not check: ${(error as Error).message}` };
	}
}

export function evaluate(spec: ExerciseSpec, run: RunResult): CheckResult[] {
	const finished = run.end.kind === 'done';
	// Ended from outside the code's reach: not the code's doing, and nothing of it can be judged.
	const interrupted = run.end.kind === 'interrupted';
	const ran: CheckResult = finished
		? { ...RUNS, status: 'pass', message: '' }
		: interrupted
			? { ...RUNS, status: 'inconclusive', message: run.reason ?? run.end.kind }
			: { ...RUNS, status: 'fail', message: run.reason ?? run.end.kind };
	const results: CheckResult[] = [{ ...COMPILES, status: 'pass', message: '' }, ran];
	for (const check of spec.checks) {
		const meta = { id: check.id, title: check.title, hidden: check.hidden, timing: check.timing, hint: check.hint };
		if (!finished && (interrupted || !check.onUnfinished)) {
			results.push({ ...meta, status: 'skip', message: 'not checked: the run did not finish' });
		} else if (check.observesThreads && !hasProc) {
			results.push({ ...meta, status: 'skip', message: NO_PROC });
		} else {
			run.margins = [];
			const result = outcome(check, run);
			const margin = run.margins.length > 0 ? Math.min(...run.margins) : undefined;
			results.push({ ...meta, ...result, ...(margin !== undefined && Number.isFinite(margin) && { margin: Math.round(margin * 100) / 100 }) });
		}
	}
	return results;
}

export interface VerifyOptions {
	/** Seed of the first run; default: a fresh one. */
	seed?: number;
	/** Run only this seed (replaying a failure), even for stress tests. */
	replay?: boolean;
	signal?: AbortSignal;
	onRun?: (index: number, total: number) => void;
	/** A sandbox started ahead of time for this verify (used for the first run); default: a new one. */
	sandbox?: Sandbox;
	/** Factor applied to time limits; default: the machine's calibration. */
	factor?: number;
}

/** Grades the files in `dir` (a workspace exercise folder, or any folder with the same files). */
export async function verifyDir(exercise: Exercise, dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
	const started = Date.now();
	// Started first, so the sandbox boots while we compile; most exercises keep the default limits.
	let sandbox: Sandbox | undefined = options.sandbox ?? takeSpare() ?? new Sandbox(defaultLimits);
	const seed = options.seed ?? Math.floor(Math.random() * 1_000_000);
	const phases: Phases = { transformMs: 0, graderStartMs: 0, sandboxStartMs: 0, runMs: 0, teardownMs: 0, checksMs: 0 };
	const base = { exercise: exercise.id, seed, seeds: [] as number[], trace: null, output: '', phases, isolation: sandbox.isolation, version: filesVersion(dir) };
	let mark = performance.now();
	const lap = () => {
		const now = performance.now();
		const ms = now - mark;
		mark = now;
		return ms;
	};
	let runDir: string;
	try {
		const missing = starterFilesOf(exercise).find((file) => !existsSync(path.join(dir, file.relative)));
		if (missing) {
			throw new CompileError(
				`${missing.relative} is missing from your exercise folder: \`r\` in the tutor or \`${invocation()} reset ${exercise.id}\` brings the starter back (your other files are kept in a backup)`,
			);
		}
		runDir = await prepareRunDir(dir);
		phases.transformMs = lap();
	} catch (error) {
		sandbox.dispose();
		if (!(error instanceof CompileError)) throw error;
		return {
			...base,
			status: 'fail',
			durationMs: Date.now() - started,
			checks: [{ ...COMPILES, status: 'fail', message: error.detail }],
		};
	}
	try {
		const spec = await loadSpec(exercise);
		const factor = options.factor ?? timeFactor();
		phases.graderStartMs = lap();
		const limits = { ...defaultLimits, ...spec.limits };
		limits.timeoutMs = Math.round(limits.timeoutMs * factor);
		if (sandbox && !sameSandbox(sandbox.limits, limits)) {
			sandbox.dispose();
			sandbox = undefined;
		}
		const total = options.replay ? 1 : (spec.stress ?? 1);
		let checks: CheckResult[] = [];
		let last: RunResult | undefined;
		for (let i = 0; i < total; i++) {
			if (options.signal?.aborted) break;
			options.onRun?.(i, total);
			base.seeds.push(seed + i);
			// Each run works in its own sandbox's copy of the compiled files: nothing one run leaves is there for the next.
			const request = { checkBundle: spec.bundle, filesDir: runDir, seed: seed + i, limits, factor, signal: options.signal };
			const askedAt = epochNow();
			const probe = startLoadProbe();
			last = await (sandbox ?? new Sandbox(limits)).run(request);
			const machine = probe.stop(last.trace.cpuMs);
			if (machine) last.machine = machine;
			sandbox = undefined;
			const at = (type: string) => last!.trace.events.find((e) => e.type === type)?.t;
			const startedAt = last.startedAt ?? askedAt;
			const runStart = at('run-start') ?? 0;
			const runEnd = at('run-end') ?? last.trace.wallMs;
			// Waiting for a sandbox still booting counts as sandbox start, not as the solution's time.
			phases.sandboxStartMs += Math.max(0, startedAt - askedAt) + runStart;
			phases.runMs += runEnd - runStart;
			phases.teardownMs += Math.max(0, epochNow() - (startedAt + runEnd));
			lap();
			checks = evaluate(spec, last);
			phases.checksMs += lap();
			if (checks.some((check) => check.status === 'fail' || check.status === 'inconclusive')) break;
		}
		const failed = checks.length === 0 || checks.some((check) => check.status === 'fail');
		const unjudged = !failed && checks.some((check) => check.status === 'inconclusive');
		return {
			...base,
			seed: last?.seed ?? seed,
			status: failed ? 'fail' : unjudged ? 'inconclusive' : 'pass',
			tries: 1,
			checks,
			durationMs: Date.now() - started,
			trace: last?.trace ?? null,
			output: last?.output ?? '',
		};
	} finally {
		sandbox?.dispose();
		rmSync(runDir, { recursive: true, force: true });
	}
}

const sameSandbox = (a: SandboxLimits, b: SandboxLimits) => a.heapMb === b.heapMb && a.rssMb === b.rssMb && a.maxWorkers === b.maxWorkers;

let spare: Sandbox | undefined;
let disposesAtExit = false;

/**
 * Keeps one sandbox already started for the next verify, for long-lived callers such as the TUI. It is
 * still a fresh process, used once.
 */
export function prepareSpare(): void {
	spare ??= new Sandbox(defaultLimits);
	if (!disposesAtExit) {
		disposesAtExit = true;
		// A spare nobody took still has its run folder: remove it when the tutor or the CLI exits.
		process.once('exit', () => takeSpare()?.dispose());
	}
	warmTransform();
}

function takeSpare(): Sandbox | undefined {
	const taken = spare;
	spare = undefined;
	return taken;
}

export interface PatientOptions extends VerifyOptions {
	/** Gradings in all, the first included, while the result stays inconclusive. Default 4. */
	tries?: number;
	/** Before each re-run: which try comes next (2, 3, …) and how long we wait first. */
	onRetry?: (next: number, tries: number, waitMs: number, previous: VerifyResult) => void;
	/** Pause before re-run n is `pauseMs × (n − 1)`; default 1000. */
	pauseMs?: number;
}

/** Pause that an abort cuts short. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, { once: true });
	});
}

/**
 * verifyDir, graded again by itself while the machine is too busy to judge: up to `tries` gradings, each
 * after a longer pause and with longer time budgets (the time factor grows by half each time). A result
 * that stays inconclusive says so plainly; a pass or a fail ends the series at once.
 */
export async function verifyPatiently(exercise: Exercise, dir: string, options: PatientOptions = {}): Promise<VerifyResult> {
	const tries = Math.max(1, options.tries ?? 4);
	const base = options.factor ?? timeFactor();
	let result = await verifyDir(exercise, dir, { ...options, factor: base });
	let n = 1;
	while (result.status === 'inconclusive' && n < tries && !options.signal?.aborted) {
		n++;
		const waitMs = (options.pauseMs ?? 1000) * (n - 1);
		options.onRetry?.(n, tries, waitMs, result);
		await pause(waitMs, options.signal);
		if (options.signal?.aborted) break;
		// The same seed: the same inputs, judged again on a (hopefully) calmer machine.
		result = await verifyDir(exercise, dir, { ...options, seed: result.seeds[0] ?? result.seed, sandbox: undefined, factor: base * (1 + 0.5 * (n - 1)) });
	}
	return { ...result, tries: n };
}
