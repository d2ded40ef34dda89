// Grading a class: every learner × exercise cell re-graded from the files (saved progress is never read),
// in parallel, with timing-sensitive exercises run alone.
import { existsSync } from 'node:fs';
import type { Exercise, LessonPack } from '../lessons/types.js';
import { allExercises } from '../lessons/load.js';
import { detectIsolation, type IsolationMode } from '../grader/isolation.js';
import { Sandbox } from '../grader/sandbox/sandbox.js';
import { defaultLimits, loadSpec, SpecError, verifyDir, verifyPatiently, type CheckResult, type VerifyResult } from '../grader/verify.js';
import { exerciseWorkspaceDir, isUntouched } from '../workspace/index.js';
import type { Learner } from './discover.js';
import { estimateMs, loadCellTimes, noteCellTime, saveCellTimes } from './estimate.js';
import { runJobs } from './schedule.js';

/**
 * pass / fail: graded (a run that timed out or crashed is a fail too); not-started: the starter files,
 * untouched; missing: no folder for the exercise; error: the grader itself could not grade the cell;
 * inconclusive: the machine stayed too busy to judge it, even graded again alone at the end.
 */
export type CellStatus = 'pass' | 'fail' | 'not-started' | 'error' | 'missing' | 'inconclusive';

export interface Cell {
	learner: string;
	exercise: string;
	status: CellStatus;
	/** The first failing check's id (for an inconclusive cell, the check that could not be judged), or why the cell is an error. */
	failedCheck?: string;
	message?: string;
	durationMs: number;
	seed?: number;
	checks?: CheckResult[];
}

export interface LearnerScore {
	name: string;
	workspace: string;
	passed: number;
	total: number;
}

export interface ClassReport {
	exercises: string[];
	learners: LearnerScore[];
	cells: Cell[];
	/** True when Ctrl+C stopped the run: cells not graded are absent. */
	interrupted: boolean;
	/** How learners' code was isolated while it was graded. */
	isolation: IsolationMode;
}

export const cellKey = (learner: string, exercise: string) => `${learner}\u0000${exercise}`;

export interface GradeOptions {
	pack: LessonPack;
	learners: Learner[];
	exerciseIds?: string[];
	jobs: number;
	/** Same seed for every learner: fair, and `--jobs 1` and `--jobs N` grade identical runs. */
	seed?: number;
	signal?: AbortSignal;
	/** Cells already graded (from --resume): kept as they are. */
	previous?: Cell[];
	/** How the cells are isolated (recorded in the report); default: what this machine can do. */
	isolation?: IsolationMode;
	onCell?: (cell: Cell, done: number, total: number) => void;
	/** Called once before grading starts: how many cells will be graded, and about how long that takes. */
	onPlan?: (plan: { cells: number; estimateMs: number }) => void;
	/** Gradings of an inconclusive cell in the final, one-at-a-time round (default 3). */
	retryTries?: number;
	/** Pause before each of those gradings grows by this much, ms (default 1000). */
	retryPauseMs?: number;
	/** Before the final round: how many cells the machine was too busy to judge. */
	onRetryRound?: (cells: number) => void;
}

export class UnknownExerciseError extends Error {}

export function selectExercises(pack: LessonPack, ids?: string[]): Exercise[] {
	const all = allExercises(pack);
	if (!ids || ids.length === 0) return all;
	return ids.map((id) => {
		const exercise = all.find((e) => e.id === id);
		if (!exercise) throw new UnknownExerciseError(`There is no exercise "${id}" in this lesson pack.`);
		return exercise;
	});
}

export function toCell(base: { learner: string; exercise: string }, result: VerifyResult): Cell {
	const failure = result.checks.find((check) => check.status === 'fail');
	const unjudged = result.checks.find((check) => check.status === 'inconclusive');
	const status: CellStatus =
		result.status === 'pass' ? 'pass' : result.status === 'inconclusive' ? 'inconclusive' : 'fail';
	const shown = status === 'inconclusive' ? unjudged : failure;
	return {
		...base,
		status,
		failedCheck: shown?.id,
		message: status === 'inconclusive' ? `could not be judged${(result.tries ?? 1) > 1 ? ` in ${result.tries} tries` : ''}: ${shown?.message ?? ''}` : shown?.message,
		durationMs: result.durationMs,
		seed: result.seed,
		checks: result.checks,
	};
}

async function gradeCell(
	learner: Learner,
	exercise: Exercise,
	seed: number,
	signal?: AbortSignal,
	sandbox?: Sandbox,
	patience?: { tries: number; pauseMs: number },
): Promise<Cell> {
	const base = { learner: learner.name, exercise: exercise.id };
	const dir = exerciseWorkspaceDir(learner.workspace, exercise);
	if (!existsSync(dir)) {
		sandbox?.dispose();
		return { ...base, status: 'missing', message: 'no folder for this exercise in the workspace', durationMs: 0 };
	}
	if (isUntouched(exercise, dir)) {
		sandbox?.dispose();
		return { ...base, status: 'not-started', message: 'the starter files, unchanged', durationMs: 0 };
	}
	try {
		const result = patience
			? await verifyPatiently(exercise, dir, { seed, signal, tries: patience.tries, pauseMs: patience.pauseMs })
			: await verifyDir(exercise, dir, { seed, signal, sandbox });
		return toCell(base, result);
	} catch (error) {
		const why = error instanceof SpecError ? `the lesson pack has a problem: ${error.message}` : `the grader could not grade this: ${(error as Error).message}`;
		return { ...base, status: 'error', failedCheck: 'grader', message: why, durationMs: 0 };
	}
}

export interface ClassPlan {
	exercises: Exercise[];
	/** Exercise id → whether it has a timing-sensitive check (such cells run alone). */
	timing: Map<string, boolean>;
	/** Cells kept from --resume. */
	kept: Cell[];
	/** Cells to grade, in report order. */
	todo: Array<{ learner: Learner; exercise: Exercise }>;
}

/** Which cells a grade of this class grades, and which it keeps: shared by a local grade and a queued one. */
export async function planClass(options: Pick<GradeOptions, 'pack' | 'exerciseIds' | 'learners' | 'previous'>): Promise<ClassPlan> {
	const exercises = selectExercises(options.pack, options.exerciseIds);
	const timing = new Map<string, boolean>();
	for (const exercise of exercises) {
		try {
			const spec = await loadSpec(exercise);
			timing.set(exercise.id, spec.checks.some((check) => check.timing));
		} catch (error) {
			// A broken check.ts makes its own cells errors (each says why); every other cell is still graded.
			if (!(error instanceof SpecError)) throw error;
			timing.set(exercise.id, false);
		}
	}
	const previous = new Map((options.previous ?? []).map((cell) => [cellKey(cell.learner, cell.exercise), cell]));
	const cells: Cell[] = [];
	const todo: Array<{ learner: Learner; exercise: Exercise }> = [];
	for (const learner of options.learners) {
		for (const exercise of exercises) {
			const kept = previous.get(cellKey(learner.name, exercise.id));
			// An inconclusive cell is no result: --resume grades it again.
			if (kept && kept.status !== 'inconclusive') cells.push(kept);
			else todo.push({ learner, exercise });
		}
	}
	return { exercises, timing, kept: cells, todo };
}

/** The report of these cells, in the order a local grade writes them (learner, then exercise). */
export function classReport(options: Pick<GradeOptions, 'learners' | 'signal' | 'isolation'>, exercises: Exercise[], cells: Cell[]): ClassReport {
	const order = new Map(exercises.map((exercise, i) => [exercise.id, i]));
	const learnerOrder = new Map(options.learners.map((learner, i) => [learner.name, i]));
	cells.sort((a, b) => learnerOrder.get(a.learner)! - learnerOrder.get(b.learner)! || order.get(a.exercise)! - order.get(b.exercise)!);
	return {
		exercises: exercises.map((exercise) => exercise.id),
		learners: options.learners.map((learner) => ({
			name: learner.name,
			workspace: learner.workspace,
			passed: cells.filter((cell) => cell.learner === learner.name && cell.status === 'pass').length,
			total: exercises.length,
		})),
		cells,
		interrupted: options.signal?.aborted ?? false,
		isolation: options.isolation ?? detectIsolation().mode,
	};
}

export async function gradeClass(options: GradeOptions): Promise<ClassReport> {
	const { exercises, timing, kept, todo } = await planClass(options);
	const cells: Cell[] = [...kept];
	const unjudged: Cell[] = [];
	const total = cells.length + todo.length;
	const seed = options.seed ?? 1;
	const times = loadCellTimes();
	const plan = todo.map(({ exercise }) => ({ exercise: exercise.id, exclusive: timing.get(exercise.id) ?? false }));
	options.onPlan?.({ cells: todo.length, estimateMs: estimateMs(plan, options.jobs, times) });
	// A cell spends much of its time waiting for a sandbox to start: keep that many started ahead, so
	// their start-up overlaps other cells' runs (each still serves one run only). None is started while
	// a timing-sensitive cell runs: it runs with nothing else going on.
	const spares: Sandbox[] = [];
	const topUp = () => {
		while (spares.length < options.jobs) spares.push(new Sandbox(defaultLimits));
	};
	await runJobs(
		todo.map(({ learner, exercise }) => {
			const exclusive = timing.get(exercise.id) ?? false;
			return {
				exclusive,
				run: () => {
					const sandbox = spares.shift();
					if (!exclusive) topUp();
					return gradeCell(learner, exercise, seed, options.signal, sandbox);
				},
			};
		}),
		{
			jobs: options.jobs,
			signal: options.signal,
			onDone: (_, cell) => {
				// A cell cut short by Ctrl+C is not a result: leave it out, so --resume grades it again.
				if (options.signal?.aborted && cell.status !== 'pass' && cell.status !== 'missing') return;
				// A cell the machine was too busy to judge waits for the final round.
				if (cell.status === 'inconclusive') {
					unjudged.push(cell);
					return;
				}
				cells.push(cell);
				if (cell.status === 'pass' || cell.status === 'fail') noteCellTime(times, cell.exercise, cell.durationMs);
				options.onCell?.(cell, cells.length, total);
			},
		},
	);
	saveCellTimes(times);
	for (const spare of spares) spare.dispose();
	// The final round: each inconclusive cell alone, nothing else running, re-graded a few times with
	// growing pauses and budgets. Any still inconclusive is reported so, never as a fail.
	if (unjudged.length > 0 && !options.signal?.aborted) options.onRetryRound?.(unjudged.length);
	for (const first of unjudged) {
		if (options.signal?.aborted) break;
		const learner = options.learners.find((l) => l.name === first.learner)!;
		const exercise = exercises.find((e) => e.id === first.exercise)!;
		const cell = await gradeCell(learner, exercise, seed, options.signal, undefined, {
			tries: options.retryTries ?? 3,
			pauseMs: options.retryPauseMs ?? 1000,
		});
		if (options.signal?.aborted && cell.status !== 'pass') break;
		cells.push(cell);
		options.onCell?.(cell, cells.length, total);
	}
	return classReport(options, exercises, cells);
}
