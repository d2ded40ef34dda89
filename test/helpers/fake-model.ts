// A TuiModel for rendering tests: in-memory progress, a runner the test drives by hand (no grading),
// and records of every side effect the screens asked for (hints, resets, editors).
import type { VerifyResult } from '../../source/grader/verify.js';
import type { LessonPack } from '../../source/lessons/types.js';
import { pickNextHint, shownHints, type ExerciseProgress, type ProgressFile } from '../../source/progress/index.js';
import type { EditorOutcome, ExerciseRunner, LoopState, RunnerOptions, SolutionFile, Trigger, TuiModel } from '../../source/ui/model.js';
import type { ResetReport } from '../../source/workspace/index.js';

export interface FakeRunner extends ExerciseRunner {
	exerciseId: string;
	opened: boolean;
	closed: boolean;
	verifies: Trigger[];
	/** Sends a loop state to the screen, as the real loop would. */
	emit(state: LoopState): void;
	missedSave(): void;
}

export interface FakeOptions {
	pack: LessonPack;
	workspace?: string;
	progress?: ProgressFile;
	poll?: boolean;
	editor?: (file: string) => EditorOutcome;
	resetReport?: ResetReport;
	solution?: SolutionFile[];
}

export interface Fake {
	model: TuiModel;
	progress: ProgressFile;
	runners: FakeRunner[];
	/** The runner created last (the live one). */
	runner(): FakeRunner;
	seen: string[];
	hints: string[];
	resets: string[];
	edited: string[];
}

export function emptyProgress(): ProgressFile {
	return { tool: 'conc-tutor', schemaVersion: 1, exercises: {} };
}

export function entry(fields: Partial<ExerciseProgress>): ExerciseProgress {
	return { status: 'attempted', attempts: 1, hintsShown: 0, firstSeen: 'x', updated: 'x', ...fields };
}

export function fakeModel(options: FakeOptions): Fake {
	const progress = options.progress ?? emptyProgress();
	const runners: FakeRunner[] = [];
	const fake: Omit<Fake, 'model'> = {
		progress,
		runners,
		runner: () => runners[runners.length - 1]!,
		seen: [],
		hints: [],
		resets: [],
		edited: [],
	};
	const model: TuiModel = {
		pack: options.pack,
		workspace: options.workspace ?? '/home/ada/conc-tutor-work',
		poll: options.poll ?? false,
		// A copy, as a read from disk would be: the screens must not see changes before a reload.
		loadProgress: () => structuredClone(progress),
		markSeen: (id) => void fake.seen.push(id),
		createRunner(runnerOptions: RunnerOptions) {
			const runner: FakeRunner = {
				exerciseId: runnerOptions.exercise.id,
				opened: false,
				closed: false,
				verifies: [],
				open() {
					runner.opened = true;
				},
				close() {
					runner.closed = true;
				},
				verify(trigger) {
					runner.verifies.push(trigger);
				},
				emit(state) {
					// As the real loop does: a judged run is recorded (here only what the hint rule reads) before the screen hears of it.
					if (state.kind === 'done' && state.result.status !== 'inconclusive') {
						const current = (progress.exercises[runner.exerciseId] ??= entry({ status: 'not-started', attempts: 0 }));
						const failure = state.result.checks.find((check) => check.status === 'fail');
						current.lastResult = {
							status: state.result.status,
							durationMs: state.result.durationMs,
							at: 'x',
							...(failure?.hint !== undefined && { hint: failure.hint }),
						};
					}
					runnerOptions.onState(state);
				},
				missedSave: () => runnerOptions.onMissedSave(),
			};
			runners.push(runner);
			return runner;
		},
		recordHint(exercise) {
			fake.hints.push(exercise.id);
			const current = (progress.exercises[exercise.id] ??= entry({ status: 'not-started', attempts: 0 }));
			const shown = shownHints(current);
			const index = pickNextHint(exercise.hints.length, shown, current.lastResult?.status === 'fail' ? current.lastResult.hint : undefined);
			if (index === undefined) return { shown };
			current.hints = [...shown, index];
			current.hintsShown = current.hints.length;
			return { index, shown: current.hints };
		},
		reset(exercise) {
			fake.resets.push(exercise.id);
			return options.resetReport ?? { restored: [] };
		},
		solutionFiles: () => options.solution ?? [{ file: 'hello.ts', text: 'export const REFERENCE_SOLUTION = 1;\n' }],
		openEditor(file) {
			fake.edited.push(file);
			return options.editor?.(file) ?? { kind: 'no-editor' };
		},
	};
	return { ...fake, model };
}

/** A verdict as the grader returns it (hidden checks already redacted). */
export function verdict(status: 'pass' | 'fail', checks: VerifyResult['checks'], withTrace = true): VerifyResult {
	return {
		exercise: 'hello',
		status,
		isolation: 'bubblewrap',
		checks,
		durationMs: 1234,
		seed: 7,
		seeds: [7],
		trace: withTrace
			? {
					wallMs: 400,
					cpuMs: 380,
					cores: 2,
					maxLoopDelayMs: 3,
					workers: { started: 1, maxAlive: 1 },
					processes: { started: 0, maxAlive: 0 },
					lanes: [{ name: 'main', pid: 100, tid: 100, threadId: 0, cpuMs: 380, start: 0, samples: [[0, 0], [200, 190], [400, 380]] }],
					events: [
						{ type: 'worker-created', t: 50, threadId: 1 },
						{ type: 'worker-exit', t: 300, threadId: 1, code: 0 },
					],
				}
			: null,
		output: '',
		phases: { transformMs: 0, graderStartMs: 0, sandboxStartMs: 0, runMs: 0, teardownMs: 0, checksMs: 0 },
	};
}
