// A lesson: its Markdown in the pager, and its exercises listed at the end. Tab (or Enter) moves the
// focus from the text to the exercises: the pager then gives up its keys and ↑/↓, j/k, digits and
// Enter choose and open an exercise. One owner per key at any moment.
import { useInput } from 'ink';
import { useCallback, useRef } from 'react';
import type { Lesson } from '../../lessons/types.js';
import type { ProgressFile } from '../../progress/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import { Pager } from '../components/pager.js';
import { useMarkdown } from '../hooks.js';
import { maxOffset, pagerStatus } from '../pager.js';
import type { Route, UiAction } from '../state.js';
import { exerciseStatus, exerciseStatusLabel } from '../summary.js';

type LessonRoute = Extract<Route, { screen: 'lesson' }>;

export interface LessonScreenProps {
	lesson: Lesson;
	/** 1-based position in the pack, for "Lesson 2 of 12". */
	number: number;
	count: number;
	progress: ProgressFile;
	route: LessonRoute;
	/** The help overlay is open: this screen owns no keys. */
	help: boolean;
	dispatch(action: UiAction): void;
	columns: number;
	rows: number;
}

/** The exercise section at the end of the lesson text; the selected exercise is marked with "›". */
export function exerciseSection(lesson: Lesson, progress: ProgressFile, route: Pick<LessonRoute, 'focus' | 'selected'>, width: number): string[] {
	const rule = `── Exercises ${'─'.repeat(Math.max(0, width - 13))}`;
	const rows = lesson.exercises.map((exercise, index) => {
		const marker = route.focus === 'exercises' && index === route.selected ? '›' : ' ';
		const status = exerciseStatusLabel[exerciseStatus(progress, exercise.id)];
		return `${marker} ${index + 1}. ${exercise.title} (${exercise.id})  ${status}`;
	});
	const hint =
		lesson.exercises.length === 0
			? 'This lesson has no exercises.'
			: route.focus === 'exercises'
				? '↑↓ choose · Enter open · Tab back to the text'
				: 'Press Tab or Enter to choose an exercise.';
	return [rule, ...rows, '', hint];
}

export function LessonScreen({ lesson, number, count, progress, route, help, dispatch, columns, rows }: LessonScreenProps) {
	const width = Math.max(20, columns - 2);
	const height = bodyHeight(rows);
	const markdown = useMarkdown(`*${lesson.summary}*\n\n${lesson.body}`, width);
	const text = markdown ?? ['Loading the lesson…'];
	const lines = [...text, '', ...exerciseSection(lesson, progress, route, width)];
	const exercisesFocused = route.focus === 'exercises';
	const selected = useRef(route.selected);
	selected.current = route.selected;

	const onScroll = useCallback((offset: number) => dispatch({ type: 'scroll', offset }), [dispatch]);
	useInput(
		(input, key) => {
			const last = lesson.exercises.length - 1;
			if (key.tab || (key.return && !exercisesFocused)) {
				if (last < 0) return;
				const focus = exercisesFocused ? 'text' : 'exercises';
				// Going to the exercises scrolls to the end of the lesson, where they are listed.
				dispatch({ type: 'lesson-focus', focus, ...(focus === 'exercises' && { offset: maxOffset(lines.length, height) }) });
				return;
			}
			if (!exercisesFocused) return;
			const open = (index: number) => dispatch({ type: 'open-exercise', exerciseId: lesson.exercises[index]!.id });
			if (key.return) open(selected.current);
			else if (key.downArrow || input === 'j') selected.current = Math.min(last, selected.current + 1);
			else if (key.upArrow || input === 'k') selected.current = Math.max(0, selected.current - 1);
			else if (/^[1-9]$/.test(input) && Number(input) - 1 <= last) open(Number(input) - 1);
			else return;
			dispatch({ type: 'select-exercise', index: selected.current });
		},
		{ isActive: !help },
	);

	return (
		<Frame
			title={lesson.title}
			context={`Lesson ${number} of ${count}`}
			keys={exercisesFocused ? '↑↓ choose · Enter open · Tab text · q back · ? help' : '↑↓ space scroll · Tab exercises · q back · ? help'}
			status={pagerStatus(route.offset, lines.length, height)}
			columns={columns}
			rows={rows}
		>
			<Pager lines={lines} offset={route.offset} height={height} isActive={!help && !exercisesFocused} onScroll={onScroll} />
		</Frame>
	);
}
