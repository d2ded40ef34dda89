// The exercise loop without a screen: watch the learner's files, grade on save or on demand, cancel a
// grading that a newer save made stale, record each finished attempt. The TUI renders its states.
import type { Exercise } from '../lessons/types.js';
import { whyUnjudged } from '../grader/report.js';
import { prepareSpare, type VerifyResult } from '../grader/verify.js';
import { exerciseService, type Trigger, type WorkspaceExercises } from '../exercise/index.js';
import { exerciseWorkspaceDir } from '../workspace/index.js';
import { fingerprint } from '../watch/fingerprint.js';
import { watchExercise, type Watcher } from '../watch/watch.js';
import { typeCheck, type TypeReport } from '../typecheck/typecheck.js';

export type { Trigger };

/** A grading re-run by itself: which try, of how many, and why the last could not be judged. */
export interface Retry {
	next: number;
	tries: number;
	why?: string;
}

export type LoopState =
	| { kind: 'idle' }
	| { kind: 'grading'; startedAt: number; trigger: Trigger; /** Set while re-running a result that could not be judged, and why. */ retry?: Retry }
	| { kind: 'done'; result: VerifyResult; trigger: Trigger; /** Type errors, when checked (a moment after the verdict). */ types?: TypeReport }
	| { kind: 'error'; message: string };

export interface LoopOptions {
	exercise: Exercise;
	workspace: string;
	poll?: boolean;
	onState: (state: LoopState) => void;
	/** Called when a manual verify found files changed that the watcher never reported. */
	onMissedSave?: () => void;
	/** Watches the files (fs events or polling by default; tests may pass another). */
	watch?: typeof watchExercise;
	/** Receives a warning raised while recording an attempt (a damaged progress file). Default: stderr. */
	warn?: (line: string) => void;
	/** Grades the files (the real grader by default; tests may pass another). */
	grade?: (exercise: Exercise, dir: string, signal: AbortSignal, onRetry: (next: number, tries: number, waitMs?: number, previous?: VerifyResult) => void) => Promise<VerifyResult>;
	/** Type-checks the files after a verdict (TypeScript in its own process by default). */
	checkTypes?: (dir: string, signal: AbortSignal) => Promise<TypeReport | undefined>;
}

export class ExerciseLoop {
	private watcher: Watcher | undefined;
	private controller: AbortController | undefined;
	private typing: AbortController | undefined;
	private generation = 0;
	/** The files as of the last save we saw or the last grading we started. */
	private seen: string;
	private readonly dir: string;
	private readonly service: WorkspaceExercises;

	constructor(private readonly options: LoopOptions) {
		this.dir = exerciseWorkspaceDir(options.workspace, options.exercise);
		this.service = exerciseService(options.workspace, { warn: options.warn });
		this.seen = fingerprint(this.dir);
	}

	/** Starts watching; a save grades the exercise. */
	open(): void {
		prepareSpare();
		this.watcher = (this.options.watch ?? watchExercise)(
			this.dir,
			() => {
				this.seen = fingerprint(this.dir);
				void this.verify('save');
			},
			{ poll: this.options.poll },
		);
	}

	close(): void {
		this.watcher?.close();
		this.watcher = undefined;
		// A grading cut short by leaving is no attempt: make its result stale before cancelling it.
		this.generation++;
		this.controller?.abort();
		this.typing?.abort();
	}

	/** Adds the type errors to a verdict already shown; a newer grading or leaving cancels it. */
	private warnAboutTypes(generation: number, result: VerifyResult, trigger: Trigger): void {
		const typing = new AbortController();
		this.typing = typing;
		const check = this.options.checkTypes ?? ((dir, signal) => typeCheck(dir, { signal }));
		void check(this.dir, typing.signal).then((types) => {
			if (generation === this.generation && !typing.signal.aborted && types && types.total > 0) this.options.onState({ kind: 'done', result, trigger, types });
		});
	}

	/** Grades now; a grading already running is cancelled (its result would describe old files). */
	async verify(trigger: Trigger): Promise<void> {
		if (trigger === 'manual') {
			const now = fingerprint(this.dir);
			if (now !== this.seen && this.watcher && !this.options.poll) this.options.onMissedSave?.();
			this.seen = now;
		}
		this.controller?.abort();
		this.typing?.abort();
		const controller = new AbortController();
		this.controller = controller;
		const generation = ++this.generation;
		const startedAt = Date.now();
		this.options.onState({ kind: 'grading', startedAt, trigger });
		// "The machine was too busy to judge this; grading again…": shown while the grader re-runs by itself.
		const onRetry = (next: number, tries: number, _waitMs?: number, previous?: VerifyResult) => {
			const retry = { next, tries, ...(previous && { why: whyUnjudged(previous) }) };
			if (generation === this.generation) this.options.onState({ kind: 'grading', startedAt, trigger, retry });
		};
		try {
			const { grade } = this.options;
			// Recorded by the service unless the machine was too busy to judge it or a newer save superseded it.
			const result = await this.service.grade(this.options.exercise, {
				trigger,
				signal: controller.signal,
				onRetry,
				current: () => generation === this.generation,
				...(grade && { grade: (exercise, dir) => grade(exercise, dir, controller.signal, onRetry) }),
			});
			if (!result) return;
			this.options.onState({ kind: 'done', result, trigger });
			if (result.status !== 'inconclusive' && result.checks[0]?.status !== 'fail') this.warnAboutTypes(generation, result, trigger);
		} catch (error) {
			if (generation !== this.generation) return;
			this.options.onState({ kind: 'error', message: (error as Error).message });
		} finally {
			if (generation === this.generation) {
				this.controller = undefined;
				if (this.watcher) prepareSpare();
			}
		}
	}
}
