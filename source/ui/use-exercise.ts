// The exercise screen's state and actions, so that the screen itself only draws and maps keys: the
// exercise loop (one runner at a time), the last verdict, the hints on screen and the notice line.
// Hints, reset and the solution's gate go through the exercise service over the model, the same
// service the CLI commands call; the words are the tutor's own.
import { useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ExerciseService } from '../exercise/index.js';
import type { Exercise } from '../lessons/types.js';
import { shownHints, type ExerciseProgress } from '../progress/index.js';
import { neighbours, solutionLockedText, type FinishedRun } from './exercise-view.js';
import type { ExerciseIntent } from './keys.js';
import type { ExerciseRunner, LoopState, SolutionFile, TuiModel } from './model.js';
import type { ExerciseConfirm, ExerciseView, UiAction } from './state.js';

export interface ExerciseSession {
	loop: LoopState;
	last?: FinishedRun;
	/** The hints on screen (0-based), in the order they were asked for. */
	revealed: number[];
	notice?: string;
	/** A manual verify found a save the watcher never reported. */
	missedSave: boolean;
	/** A hint just asked for, to be scrolled into view (then call hintInView). */
	scrollToHint?: number;
	hintInView(): void;
	/** Carries out what a key asked for. */
	act(intent: ExerciseIntent): void;
	/** The reference solution's files, read while its view is open (else empty). */
	solution: SolutionFile[];
}

function basename(file: string): string {
	return file.slice(file.lastIndexOf('/') + 1);
}

export function useExercise(options: {
	model: TuiModel;
	exercise: Exercise;
	entry: ExerciseProgress | undefined;
	primary: string;
	confirm: ExerciseConfirm | undefined;
	view: ExerciseView | undefined;
	dispatch(action: UiAction): void;
}): ExerciseSession {
	const { model, exercise, entry, primary, confirm, view, dispatch } = options;
	const { write } = useStdout();
	// Warnings (a damaged progress file found while reading it) become the App's notices, never stderr.
	const service = useMemo(() => new ExerciseService(model, { warn: (text) => dispatch({ type: 'notice', text }) }), [model, dispatch]);

	const [loop, setLoop] = useState<LoopState>({ kind: 'idle' });
	const [last, setLast] = useState<FinishedRun>();
	// Hints seen before (progress records which) are shown again; h adds the next one.
	const [revealed, setRevealed] = useState<number[]>(() => shownHints(entry).filter((index) => index < exercise.hints.length));
	// Keys can come faster than React draws: each h starts from the hints the previous one revealed.
	const revealedRef = useRef(revealed);
	revealedRef.current = revealed;
	const [notice, setNotice] = useState<string>();
	const [missedSave, setMissedSave] = useState(false);
	const [pendingEdit, setPendingEdit] = useState(false);
	const [scrollToHint, setScrollToHint] = useState<number>();

	// The exercise loop: one runner at a time; states from a runner that was replaced are ignored.
	const runner = useRef<ExerciseRunner | undefined>(undefined);
	const generation = useRef(0);
	const startRunner = useCallback(() => {
		const id = ++generation.current;
		const current = model.createRunner({
			exercise,
			onState(state) {
				if (generation.current !== id) return;
				setLoop(state);
				if (state.kind === 'done' && state.types) {
					// The same verdict, now with its type errors: no new attempt, no scroll.
					const types = state.types;
					setLast((shown) => (shown?.result === state.result ? { ...shown, types } : shown));
				} else if (state.kind === 'done') {
					setLast({ result: state.result, trigger: state.trigger, at: new Date() });
					// A notice answered the screen before this result ("No run yet…"): it is stale now.
					setNotice(undefined);
					// The loop has recorded the attempt: the status line and the solution rule read it again.
					dispatch({ type: 'progress-changed' });
					dispatch({ type: 'scroll', offset: 0 });
				}
			},
			onMissedSave() {
				if (generation.current === id) setMissedSave(true);
			},
		});
		runner.current = current;
		current.open();
		return current;
	}, [model, exercise, dispatch]);

	useEffect(() => {
		const current = startRunner();
		return () => {
			generation.current++;
			current.close();
		};
	}, [startRunner]);

	const openEditor = useCallback(() => {
		const outcome = model.openEditor(primary);
		if (outcome.kind === 'no-editor') {
			setNotice(`No editor set ($VISUAL, $EDITOR). Open ${primary} in yours: each save is graded here.`);
			return;
		}
		// The editor had the terminal: draw the whole frame again rather than a difference.
		write('');
		setNotice(
			outcome.kind === 'failed'
				? `Your editor (${outcome.editor}) did not start: ${outcome.message}. Open ${primary} yourself: saving it grades it here.`
				: undefined,
		);
	}, [model, primary, write]);

	// While a run is graded, the editor waits for it: the terminal is the editor's while it is open,
	// and the grader's timers would see a long edit as a hung run.
	useEffect(() => {
		if (!pendingEdit || loop.kind === 'grading') return;
		setPendingEdit(false);
		openEditor();
	}, [pendingEdit, loop.kind, openEditor]);

	const revealHint = () => {
		const total = exercise.hints.length;
		const outcome = service.hint(exercise, { revealed: revealedRef.current, result: last?.result });
		if (outcome.kind === 'no-hints') return setNotice('This exercise has no hints: the task text has the whole contract.');
		if (outcome.kind === 'shown' && outcome.unrecorded) {
			setNotice(`The hint is below, but it could not be counted in your progress: ${outcome.unrecorded.message}`);
		} else if (outcome.kind === 'shown' || outcome.recorded) {
			dispatch({ type: 'progress-changed' });
			setNotice(undefined);
		}
		if (outcome.kind === 'all-shown') {
			return setNotice(`Every hint is shown below (${total} of ${total}). s shows the reference solution after a pass, or after 3 attempts.`);
		}
		revealedRef.current = [...revealedRef.current, outcome.index];
		setRevealed(revealedRef.current);
		setScrollToHint(outcome.index);
	};

	const reset = () => {
		dispatch({ type: 'exercise-confirm' });
		// A new runner: the reset's own writes are not a save to grade, and the files it sees are the starter's.
		generation.current++;
		runner.current?.close();
		try {
			const report = service.reset(exercise);
			if (report.restored.length === 0) setNotice('Your files already match the starter: nothing to reset.');
			else {
				const names = report.restored.map(basename).join(', ');
				setNotice(`Restored the starter ${names}.${report.backupDir ? ` Your previous version is kept in ${report.backupDir}` : ''}`);
			}
		} catch (error) {
			setNotice(`Could not reset: ${(error as Error).message}`);
		}
		setLast(undefined);
		setLoop({ kind: 'idle' });
		startRunner();
	};

	const hintInView = useCallback(() => setScrollToHint(undefined), []);

	// The view opens only through the gate (s, or y to its question): the learner has confirmed by now.
	const solution = useMemo(
		() => (view === 'solution' ? (service.solution(exercise, true, entry).files ?? []) : []),
		[view, service, exercise, entry],
	);

	const act = (intent: ExerciseIntent) => {
		switch (intent) {
			case 'yes':
				if (confirm === 'reset') reset();
				else dispatch({ type: 'exercise-view', view: 'solution' });
				return;
			case 'no':
				return dispatch({ type: 'exercise-confirm' });
			case 'close-view':
				return dispatch({ type: 'exercise-view' });
			case 'edit':
				if (loop.kind === 'grading') {
					setPendingEdit(true);
					setNotice('Your editor opens as soon as this grading ends.');
				} else openEditor();
				return;
			case 'verify':
				setNotice(undefined);
				runner.current?.verify('manual');
				return;
			case 'hint':
				return revealHint();
			case 'timeline':
				if (last) dispatch({ type: 'exercise-view', view: 'timeline' });
				else setNotice('No run yet: press Enter to grade your files, then t shows what every thread and process did.');
				return;
			case 'reset':
				if (loop.kind === 'grading') setNotice('A grading is running: press r again when it has finished.');
				else {
					setNotice(undefined);
					dispatch({ type: 'exercise-confirm', confirm: 'reset' });
				}
				return;
			case 'solution': {
				// The progress the screen shows decides, so the gate agrees with the status line.
				const gate = service.solutionGate(exercise, entry);
				if (gate.kind === 'locked') setNotice(solutionLockedText(entry));
				else {
					setNotice(undefined);
					dispatch(gate.kind === 'open' ? { type: 'exercise-view', view: 'solution' } : { type: 'exercise-confirm', confirm: 'solution' });
				}
				return;
			}
			case 'next':
			case 'previous': {
				const { previous, next } = neighbours(model.pack, exercise.id);
				const target = intent === 'next' ? next : previous;
				if (target) dispatch({ type: 'goto-exercise', exerciseId: target.exercise.id, lessonId: target.lessonId, index: target.index });
				else setNotice(intent === 'next' ? 'This is the last exercise of the course.' : 'This is the first exercise of the course.');
				return;
			}
		}
	};

	return {
		loop,
		last,
		revealed,
		notice,
		missedSave,
		scrollToHint,
		hintInView,
		act,
		solution,
	};
}
