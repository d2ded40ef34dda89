// The exercise screen: where a learner spends most of their time. The task (with the latest result and
// the hints asked for above it) in a pager; the files to edit; the verdict of the last run or a spinner
// while grading. It only draws: useExercise holds the state and carries out each key (through the
// exercise service), and keys.ts says what each key means (exerciseIntent). The App's global q and
// Esc close a question or a view (timeline, solution) before they leave the exercise.
import { Text } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import type { Exercise, Lesson } from '../../lessons/types.js';
import type { ProgressFile } from '../../progress/index.js';
import { exerciseFiles } from '../../workspace/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import { GradingLine } from '../components/grading-line.js';
import { Pager } from '../components/pager.js';
import {
	editLine,
	neighbours,
	resultSection,
	rule,
	solutionLines,
	statusText,
	timelineLines,
	verdictLine,
} from '../exercise-view.js';
import { useMarkdown, useMarkdownList } from '../hooks.js';
import { exerciseIntent } from '../keys.js';
import type { TuiModel } from '../model.js';
import { offsetShowing, pagerStatus } from '../pager.js';
import type { Route, UiAction } from '../state.js';
import { wrapLine, wrapText } from '../wrap.js';
import { useScreenInput } from '../screen-keys.js';
import { useExercise } from '../use-exercise.js';

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

export function ExerciseScreen({ model, exercise, lesson, workspace, progress, route, help, dispatch, columns, rows }: ExerciseScreenProps) {
	const width = Math.max(20, columns - 2);
	const entry = progress.exercises[exercise.id];
	const files = exerciseFiles(workspace, exercise);
	const primary = files[0]!;
	const { loop, last, revealed, notice, missedSave, scrollToHint, hintInView, act, solution } = useExercise({
		model,
		exercise,
		entry,
		primary,
		confirm: route.confirm,
		view: route.view,
		dispatch,
	});
	useScreenInput(
		(input, key) => {
			const intent = exerciseIntent(input, key, route);
			if (intent) act(intent);
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
		hintInView();
	}, [hintLine, hintEnd, height, route.offset, dispatch, hintInView]);

	const onScroll = useCallback((offset: number) => dispatch({ type: 'scroll', offset }), [dispatch]);
	const onViewScroll = useCallback((offset: number) => dispatch({ type: 'view-scroll', offset }), [dispatch]);

	const solutionText = useMemo(() => solutionLines(solution, width), [solution, width]);

	if (route.view) {
		const viewLines = route.view === 'timeline' ? (last ? timelineLines(last, width) : ['No run yet.']) : solutionText;
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
