// One exercise service for every learner action: grade and record an attempt, reveal the next hint,
// reset the files, gate and show the solution, read progress. The CLI commands and the tutor both call
// it, so the two cannot drift apart again (issue 17). It decides and records; it never prints: each
// side words the outcomes its own way. No React here.
//
// The service works through an ExerciseStore: workspaceStore() is the learner's workspace on disk; the
// tutor's model is a store too (its rendering tests give an in-memory one).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { firstFailure, forLearner } from '../grader/report.js';
import type { PatientOptions, VerifyResult } from '../grader/verify.js';
import type { Exercise } from '../lessons/types.js';
import {
	loadProgress,
	markSeen,
	progressFile,
	PROGRESS_SCHEMA_VERSION,
	recordAttempt,
	recordHint,
	shownHints,
	statusOf,
	totals,
	type ExerciseProgress,
	type ExerciseStatus,
	type LastResult,
	type ProgressFile,
	type ProgressTotals,
} from '../progress/index.js';
import { solutionAccess } from '../progress/solution-rule.js';
import { exerciseWorkspaceDir, listFiles, resetExercise, type ResetReport } from '../workspace/index.js';
import { nextHint } from './hints.js';

export interface SolutionFile {
	/** Path relative to the exercise's solution folder. */
	file: string;
	text: string;
}

/** A hint recorded as shown: the one shown now (absent once all were shown) and every one shown so far. */
export interface HintRecord {
	index?: number;
	shown: number[];
}

/** What the service reads and changes (markSeen is for the tutor's App, which opens exercises). */
export interface ExerciseStore {
	/** Reads the saved progress; a warning (a damaged file moved aside) goes to `warn`. */
	loadProgress(warn?: (line: string) => void): ProgressFile;
	/** Notes that an exercise was opened (first-seen time in progress). */
	markSeen(exerciseId: string): void;
	/** Shows the next hint and records which (chosen under the progress lock: see recordHint). */
	recordHint(exercise: Exercise): HintRecord;
	/** Puts the starter files back, keeping the learner's as a backup. */
	reset(exercise: Exercise): ResetReport;
	/** The reference solution's files. */
	solutionFiles(exercise: Exercise): SolutionFile[];
}

export interface StoreOptions {
	/** Receives warnings raised while reading or recording (a damaged progress file). Default: stderr. */
	warn?: (line: string) => void;
}

/** The store of a learner's workspace on disk. */
export function workspaceStore(workspace: string, options: StoreOptions = {}): ExerciseStore {
	const { warn } = options;
	return {
		loadProgress: (readWarn) => loadProgress(workspace, { warn: readWarn }),
		markSeen(exerciseId) {
			try {
				markSeen(workspace, exerciseId, { warn });
			} catch {
				// A first-seen time is not worth interrupting the learner for (e.g. a read-only workspace).
			}
		},
		recordHint: (exercise) => recordHint(workspace, exercise.id, { available: exercise.hints.length, warn }),
		reset: (exercise) => resetExercise(workspace, exercise),
		solutionFiles(exercise) {
			const root = path.join(exercise.path, 'solution');
			return listFiles(root).map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
		},
	};
}

export type HintOutcome =
	/** The exercise has no hints: its task text has the whole contract. */
	| { kind: 'no-hints' }
	/** Every hint was shown before; `recorded`: progress was asked (and may have changed). */
	| { kind: 'all-shown'; shown: number[]; recorded: boolean }
	/** `index` is shown now; `unrecorded`: progress could not be written (the hint is shown anyway). */
	| { kind: 'shown'; index: number; shown: number[]; unrecorded?: Error };

/** What the learner has on screen already (the tutor): the hints revealed and the last result. */
export interface HintsOnScreen {
	revealed: readonly number[];
	result?: VerifyResult;
}

export type SolutionGate =
	/** Passed: the solution opens at once. */
	| { kind: 'open' }
	/** Not passed but tried enough: ask first. */
	| { kind: 'confirm'; attempts: number }
	/** Keep trying. */
	| { kind: 'locked'; attempts: number };

export interface ProgressEntry {
	id: string;
	lessonId: string;
	title: string;
	status: ExerciseStatus;
	attempts: number;
	hintsShown: number;
	lastResult?: LastResult;
	firstSeen?: string;
	updated?: string;
	passedAt?: string;
}

export interface ProgressDocument {
	workspace: string;
	file: string;
	schemaVersion: number;
	totals: ProgressTotals;
	exercises: ProgressEntry[];
}

export type Trigger = 'save' | 'manual';

/** Grades the files in `dir`; the real grader by default (tests may pass another). */
export type Grader = (exercise: Exercise, dir: string, options: PatientOptions) => Promise<VerifyResult>;

export interface GradeOptions extends Pick<PatientOptions, 'seed' | 'replay' | 'signal' | 'onRetry'> {
	/**
	 * A save is graded by every tutor open on the workspace, so a grading it started counts once (the
	 * files' hash goes with it); an explicit verify (the CLI, Enter in the tutor) counts each time.
	 */
	trigger?: Trigger;
	grade?: Grader;
	/** Asked once the verdict is in: false when a newer grading superseded this one (not recorded). */
	current?: () => boolean;
}

export class ExerciseService {
	constructor(
		private readonly store: ExerciseStore,
		protected readonly options: StoreOptions = {},
	) {}

	/** The saved progress of every exercise. */
	progress(): ProgressFile {
		return this.store.loadProgress(this.options.warn);
	}

	/** The saved progress of one exercise (undefined before it was opened or graded). */
	entry(exerciseId: string): ExerciseProgress | undefined {
		return this.progress().exercises[exerciseId];
	}

	/**
	 * Reveals the next hint and records which: the same store call, so the same sequence, for `conc-tutor
	 * hint` and the tutor's h. The tutor passes what it shows: with every hint on screen progress is not
	 * asked again, and when progress cannot be written the hint is chosen by the same rule and shown anyway.
	 */
	hint(exercise: Exercise, onScreen?: HintsOnScreen): HintOutcome {
		if (exercise.hints.length === 0) return { kind: 'no-hints' };
		if (onScreen && onScreen.revealed.length >= exercise.hints.length) return { kind: 'all-shown', shown: [...onScreen.revealed], recorded: false };
		let record: HintRecord;
		try {
			record = this.store.recordHint(exercise);
		} catch (error) {
			if (!onScreen) throw error;
			const index = nextHint(exercise, onScreen.revealed, onScreen.result);
			if (index === undefined) return { kind: 'all-shown', shown: [...onScreen.revealed], recorded: false };
			return { kind: 'shown', index, shown: [...onScreen.revealed, index], unrecorded: error as Error };
		}
		if (record.index === undefined || onScreen?.revealed.includes(record.index)) return { kind: 'all-shown', shown: record.shown, recorded: true };
		return { kind: 'shown', index: record.index, shown: record.shown };
	}

	/** The hint a failed run offers next, given the hints progress says were shown. */
	offeredHint(exercise: Exercise, result: VerifyResult): number | undefined {
		return nextHint(exercise, shownHints(this.entry(exercise.id)), result);
	}

	/** The starter files back, the learner's kept as a backup. */
	reset(exercise: Exercise): ResetReport {
		return this.store.reset(exercise);
	}

	/** Whether the reference solution may be shown: after a pass; before, only after 3 attempts and asking. */
	solutionGate(exercise: Exercise, entry: ExerciseProgress | undefined = this.entry(exercise.id)): SolutionGate {
		const access = solutionAccess(entry);
		return access === 'open' ? { kind: 'open' } : { kind: access, attempts: entry?.attempts ?? 0 };
	}

	/**
	 * The reference solution's files, once the gate allows them (`confirmed`: the learner said yes). The
	 * tutor passes the progress it shows, so what it opens agrees with its status line.
	 */
	solution(
		exercise: Exercise,
		confirmed: boolean,
		entry: ExerciseProgress | undefined = this.entry(exercise.id),
	): { gate: SolutionGate; files?: SolutionFile[] } {
		const gate = this.solutionGate(exercise, entry);
		if (gate.kind === 'locked' || (gate.kind === 'confirm' && !confirmed)) return { gate };
		return { gate, files: this.store.solutionFiles(exercise) };
	}
}

/** The service over a learner's workspace on disk: the CLI's, and the tutor's exercise loop's, which grades. */
export class WorkspaceExercises extends ExerciseService {
	constructor(
		readonly workspace: string,
		options: StoreOptions = {},
	) {
		super(workspaceStore(workspace, options), options);
	}

	/** Progress as `conc-tutor progress` reports it: one entry per exercise of the pack, in its order. */
	progressDocument(exercises: readonly Exercise[]): ProgressDocument {
		const saved = this.progress();
		return {
			workspace: this.workspace,
			file: progressFile(this.workspace),
			schemaVersion: PROGRESS_SCHEMA_VERSION,
			totals: totals(saved, exercises.map((exercise) => exercise.id)),
			exercises: exercises.map((exercise) => {
				const entry = saved.exercises[exercise.id];
				return {
					id: exercise.id,
					lessonId: exercise.lessonId,
					title: exercise.title,
					status: statusOf(saved, exercise.id),
					attempts: entry?.attempts ?? 0,
					hintsShown: entry?.hintsShown ?? 0,
					...(entry?.lastResult && { lastResult: entry.lastResult }),
					...(entry && { firstSeen: entry.firstSeen, updated: entry.updated }),
					...(entry?.passedAt && { passedAt: entry.passedAt }),
				};
			}),
		};
	}

	/**
	 * Grades the learner's files and records the attempt. A result the machine was too busy to judge is
	 * no attempt, and neither is one a newer grading superseded (then undefined is returned).
	 */
	async grade(exercise: Exercise, options: GradeOptions = {}): Promise<VerifyResult | undefined> {
		const { trigger, current, grade = await realGrader(), ...patient } = options;
		const result = forLearner(await grade(exercise, exerciseWorkspaceDir(this.workspace, exercise), patient));
		if (current && !current()) return undefined;
		if (result.status !== 'inconclusive') {
			const failure = firstFailure(result);
			recordAttempt(
				this.workspace,
				exercise.id,
				{
					status: result.status,
					failedCheck: failure?.id,
					message: failure?.message,
					...(failure?.hint !== undefined && { hint: failure.hint }),
					durationMs: result.durationMs,
					...(trigger === 'save' && { version: result.version }),
				},
				{ warn: this.options.warn },
			);
		}
		return result;
	}
}

/** The grader brings esbuild and the sandbox: loaded only when something is graded. */
async function realGrader(): Promise<Grader> {
	return (await import('../grader/verify.js')).verifyPatiently;
}

/** The exercise service of a workspace on disk. */
export function exerciseService(workspace: string, options: StoreOptions = {}): WorkspaceExercises {
	return new WorkspaceExercises(workspace, options);
}
