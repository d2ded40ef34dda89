// The exercise screen: where a learner spends most of their time. The task (with the latest result and
// the hints asked for above it) in a pager; the files to edit; the verdict of the last run or a spinner
// while grading. The exercise loop watches the files while the screen is open: a save grades them.
// Keys: e edit, Enter/v verify, h hint, t timeline, r reset, s solution, n/p next/previous. The App's
// global q and Esc close a question or a view (timeline, solution) before they leave the exercise.
import { Text, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Exercise, Lesson } from '../../lessons/types.js';
import { shownHints, type ProgressFile } from '../../progress/index.js';
import { solutionAccess } from '../../progress/solution-rule.js';
import { exerciseFiles } from '../../workspace/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import { GradingLine } from '../components/grading-line.js';
import { Pager } from '../components/pager.js';
import {
	editLine,
	neighbours,
	nextHint,
	resultSection,
	rule,
	solutionLines,
	solutionLockedText,
	statusText,
	timelineLines,
	verdictLine,
	type FinishedRun,
} from '../exercise-view.js';
import { useMarkdown, useMarkdownList } from '../hooks.js';
import type { ExerciseRunner, LoopState, TuiModel } from '../model.js';
import { offsetShowing, pagerStatus } from '../pager.js';
import type { Route, UiAction } from '../state.js';
import { wrapLine, wrapText } from '../wrap.js';
import { useScreenInput } from '../screen-keys.js';

export interface ExerciseScreenProps {
	model: TuiModel;
	exercise: Exercise;
	lesson: Lesson;
	workspace: string;
	progress: ProgressFile;
	route: Extract<Route, { screen: 'exercise' }>;
	help: boolean;
	dispatch(action: UiAction): void;
	columns: number;
	rows: number;
}

/** Rows above the pager besides the messages: status, the files to edit, the verdict, a blank row. */
const HEADER_ROWS = 4;
/** At most this many rows of messages (a question, a notice, the --poll suggestion). */
const MESSAGE_ROWS = 4;

const MISSED_SAVE =
	"Saves not seen? Grading found a change that the file watcher never reported: restart with 'conc-tutor --poll' (WSL, network drives).";

function basename(file: string): string {
	return file.slice(file.lastIndexOf('/') + 1);
}

export function ExerciseScreen({ model, exercise, lesson, workspace, progress, route, help, dispatch, columns, rows }: ExerciseScreenProps) {
	const width = Math.max(20, columns - 2);
	const entry = progress.exercises[exercise.id];
	const files = exerciseFiles(workspace, exercise);
	const primary = files[0]!;
	const { write } = useStdout();

	const [loop, setLoop] = useState<LoopState>({ kind: 'idle' });
	const [last, setLast] = useState<FinishedRun>();
	// Hints seen before (progress records which) are shown again; h adds the next one.
	const [revealed, setRevealed] = useState<number[]>(() => shownHints(entry).filter((index) => index < exercise.hints.length));
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
		if (total === 0) return setNotice('This exercise has no hints: the task text has the whole contract.');
		const allShown = `Every hint is shown below (${total} of ${total}). s shows the reference solution after a pass, or after 3 attempts.`;
		if (revealedRef.current.length >= total) return setNotice(allShown);
		// Progress chooses (the same rule as `conc-tutor hint`); if it cannot be written, the same rule here.
		let index: number | undefined;
		try {
			index = model.recordHint(exercise).index;
			dispatch({ type: 'progress-changed' });
			setNotice(undefined);
		} catch (error) {
			index = nextHint(exercise, revealedRef.current, last?.result);
			if (index !== undefined) setNotice(`The hint is below, but it could not be counted in your progress: ${(error as Error).message}`);
		}
		if (index === undefined || revealedRef.current.includes(index)) return setNotice(allShown);
		revealedRef.current = [...revealedRef.current, index];
		setRevealed(revealedRef.current);
		setScrollToHint(index);
	};

	const reset = () => {
		dispatch({ type: 'exercise-confirm' });
		// A new runner: the reset's own writes are not a save to grade, and the files it sees are the starter's.
		generation.current++;
		runner.current?.close();
		try {
			const report = model.reset(exercise);
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

	useScreenInput(
		(input, key) => {
			if (key.ctrl || key.meta) return;
			if (route.confirm) {
				if (input === 'y') {
					if (route.confirm === 'reset') reset();
					else dispatch({ type: 'exercise-view', view: 'solution' });
				} else if (input === 'n') dispatch({ type: 'exercise-confirm' });
				return;
			}
			if (route.view) {
				if ((input === 't' && route.view === 'timeline') || (input === 's' && route.view === 'solution')) dispatch({ type: 'exercise-view' });
				return;
			}
			if (input === 'e') {
				if (loop.kind === 'grading') {
					setPendingEdit(true);
					setNotice('Your editor opens as soon as this grading ends.');
				} else openEditor();
			} else if (key.return || input === 'v') {
				setNotice(undefined);
				runner.current?.verify('manual');
			} else if (input === 'h') revealHint();
			else if (input === 't') {
				if (last) dispatch({ type: 'exercise-view', view: 'timeline' });
				else setNotice('No run yet: press Enter to grade your files, then t shows what every thread and process did.');
			} else if (input === 'r') {
				if (loop.kind === 'grading') setNotice('A grading is running: press r again when it has finished.');
				else {
					setNotice(undefined);
					dispatch({ type: 'exercise-confirm', confirm: 'reset' });
				}
			} else if (input === 's') {
				const access = solutionAccess(entry);
				if (access === 'locked') setNotice(solutionLockedText(entry));
				else {
					setNotice(undefined);
					dispatch(access === 'open' ? { type: 'exercise-view', view: 'solution' } : { type: 'exercise-confirm', confirm: 'solution' });
				}
			} else if (input === 'n' || input === 'p') {
				const { previous, next } = neighbours(model.pack, exercise.id);
				const target = input === 'n' ? next : previous;
				if (target) dispatch({ type: 'goto-exercise', exerciseId: target.exercise.id, lessonId: target.lessonId, index: target.index });
				else setNotice(input === 'n' ? 'This is the last exercise of the course.' : 'This is the first exercise of the course.');
			}
		},
		{ isActive: !help },
	);

	// The pager: the latest result, the hints asked for, then the task and the files.
	const task = useMarkdown(exercise.task, width);
	const hintsInOrder = useMemo(() => [...revealed].sort((a, b) => a - b), [revealed]);
	const hintRows = useMarkdownList(
		hintsInOrder.map((index) => exercise.hints[index]!),
		width,
	);
	const { next } = neighbours(model.pack, exercise.id);
	const lines: string[] = [];
	if (last) lines.push(...resultSection(last, exercise, revealed, next, width), '');
	const hintStart = new Map<number, number>();
	const hintEndAt = new Map<number, number>();
	hintsInOrder.forEach((index, position) => {
		hintStart.set(index, lines.length);
		lines.push(rule(`Hint ${index + 1} of ${exercise.hints.length}`, width));
		lines.push(...(hintRows?.[position] ?? wrapText(exercise.hints[index]!, width)));
		hintEndAt.set(index, lines.length);
		lines.push('');
	});
	if (lines.length > 0) lines.push(rule('Task', width));
	lines.push(...(task ?? ['Loading the task…']), '', `Your file${files.length === 1 ? '' : 's'} to edit:`);
	for (const file of files) lines.push(...wrapLine(`  ${file}`, width, 4));

	const messages: Array<{ text: string; bold?: boolean }> = [];
	if (route.confirm === 'reset') {
		messages.push({ text: 'Reset to the starter files? Yours are kept as a backup. y yes · n no', bold: true });
	} else if (route.confirm === 'solution') {
		const attempts = entry?.attempts ?? 0;
		messages.push({ text: `Not passed yet (${attempts} attempts). See the solution anyway? y yes · n no`, bold: true });
	} else if (notice) messages.push({ text: notice });
	if (missedSave) messages.push({ text: MISSED_SAVE });
	const messageRows = messages
		.flatMap(({ text, bold }) => wrapLine(text, width, 2).map((row) => ({ row, bold })))
		.slice(0, MESSAGE_ROWS);
	const height = Math.max(3, bodyHeight(rows) - HEADER_ROWS - messageRows.length);

	// A hint just asked for comes into view with as little scrolling as it takes, so the failure it
	// explains stays on screen above it when both fit.
	const hintLine = scrollToHint === undefined ? undefined : hintStart.get(scrollToHint);
	const hintEnd = scrollToHint === undefined ? undefined : hintEndAt.get(scrollToHint);
	useEffect(() => {
		if (hintLine === undefined || hintEnd === undefined) return;
		dispatch({ type: 'scroll', offset: offsetShowing(route.offset, hintLine, hintEnd, height) });
		setScrollToHint(undefined);
	}, [hintLine, hintEnd, height, route.offset, dispatch]);

	const onScroll = useCallback((offset: number) => dispatch({ type: 'scroll', offset }), [dispatch]);
	const onViewScroll = useCallback((offset: number) => dispatch({ type: 'view-scroll', offset }), [dispatch]);

	const solution = useMemo(
		() => (route.view === 'solution' ? solutionLines(model.solutionFiles(exercise), width) : []),
		[route.view, model, exercise, width],
	);

	if (route.view) {
		const viewLines = route.view === 'timeline' ? (last ? timelineLines(last, width) : ['No run yet.']) : solution;
		const height = bodyHeight(rows);
		const offset = route.viewOffset ?? 0;
		return (
			<Frame
				title={route.view === 'timeline' ? `Timeline · ${exercise.title}` : `Reference solution · ${exercise.title}`}
				context={lesson.title}
				keys={`↑↓ space scroll · ${route.view === 'timeline' ? 't' : 's'} q Esc back to the exercise · ? help`}
				status={pagerStatus(offset, viewLines.length, height)}
				columns={columns}
				rows={rows}
			>
				<Pager lines={viewLines} offset={offset} height={height} isActive={!help} onScroll={onViewScroll} />
			</Frame>
		);
	}

	const keys = route.confirm
		? 'y yes · n no · q Esc no'
		: columns >= 100
			? 'e edit · Enter verify · h hint · t timeline · r reset · s solution · n p next/prev · ? help'
			: 'e edit · v verify · h hint · t timeline · ? more keys';
	return (
		<Frame
			title={exercise.title}
			context={lesson.title}
			keys={keys}
			status={pagerStatus(route.offset, lines.length, height)}
			columns={columns}
			rows={rows}
		>
			<Text wrap="truncate-end">Status {statusText(exercise, entry)}</Text>
			<Text wrap="truncate-end">{editLine(files, width)}</Text>
			{loop.kind === 'grading' ? (
				<GradingLine startedAt={loop.startedAt} trigger={loop.trigger} retry={loop.retry} />
			) : (
				<Text wrap="truncate-end" bold={loop.kind === 'done'}>
					{verdictLine(loop, model.poll)}
				</Text>
			)}
			{messageRows.map(({ row, bold }, index) => (
				<Text key={index} wrap="truncate-end" bold={bold}>
					{row}
				</Text>
			))}
			<Text> </Text>
			<Pager lines={lines} offset={route.offset} height={height} isActive={!help && !route.confirm} onScroll={onScroll} />
		</Frame>
	);
}
