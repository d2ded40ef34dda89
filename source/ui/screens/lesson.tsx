// A lesson: its Markdown in the pager, and its exercises listed at the end. Tab (or Enter) moves the
// focus from the text to the exercises: the pager then gives up its keys and ↑/↓, j/k, digits and
// Enter choose and open an exercise. One owner per key at any moment.
import { useCallback, useEffect, useRef } from 'react';
import type { Lesson } from '../../lessons/types.js';
import type { ProgressFile } from '../../progress/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import { Pager } from '../components/pager.js';
import { useMarkdown } from '../hooks.js';
import { maxOffset, offsetShowing, pagerStatus } from '../pager.js';
import type { Route, UiAction } from '../state.js';
import { findDemo, useDemos } from '../demo-list.js';
import { wrapLine } from '../wrap.js';
import { exerciseStatus, exerciseStatusLabel } from '../summary.js';
import { useScreenInput } from '../screen-keys.js';

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

/** How a demo is listed: "The theatre: one ticket checker…", or its id while the demos load. */
export type DescribeDemo = (id: string) => string;

/** The exercise section at the end of the lesson text, then the lesson's live demos; the selected entry is marked with "›". */
export function exerciseSection(
	lesson: Lesson,
	progress: ProgressFile,
	route: Pick<LessonRoute, 'focus' | 'selected'>,
	width: number,
	describeDemo: DescribeDemo = (id) => id,
): string[] {
	const rule = `── Exercises ${'─'.repeat(Math.max(0, width - 13))}`;
	const marker = (index: number) => (route.focus === 'exercises' && index === route.selected ? '›' : ' ');
	const rows = lesson.exercises.map((exercise, index) => {
		const status = exerciseStatusLabel[exerciseStatus(progress, exercise.id)];
		return `${marker(index)} ${index + 1}. ${exercise.title} (${exercise.id})  ${status}`;
	});
	const demos: string[] = [];
	if (lesson.demos.length > 0) {
		demos.push('', `── Live demos ${'─'.repeat(Math.max(0, width - 14))}`);
		lesson.demos.forEach((id, index) => {
			demos.push(...wrapLine(`${marker(lesson.exercises.length + index)} ▶ ${describeDemo(id)}`, width, 4));
		});
	}
	const items = lesson.exercises.length + lesson.demos.length;
	const demoKey = lesson.demos.length === 0 ? '' : lesson.demos.length === 1 ? ', or d for the live demo' : ', or d for the live demos';
	const hint =
		items === 0
			? 'This lesson has no exercises.'
			: route.focus === 'exercises'
				? '↑↓ choose · Enter open · Tab back to the text'
				: lesson.exercises.length === 0
					? `Press Tab or Enter to choose a live demo${demoKey}.`
					: `Press Tab or Enter to choose an exercise${demoKey}.`;
	return [rule, ...rows, ...demos, '', hint];
}

export function LessonScreen({ lesson, number, count, progress, route, help, dispatch, columns, rows }: LessonScreenProps) {
	const width = Math.max(20, columns - 2);
	const height = bodyHeight(rows);
	const markdown = useMarkdown(`*${lesson.summary}*\n\n${lesson.body}`, width);
	const text = markdown ?? ['Loading the lesson…'];
	const registry = useDemos();
	const describeDemo: DescribeDemo = (id) => {
		if (!registry) return id;
		const demo = findDemo(registry, id);
		return demo ? `${demo.title}: ${demo.blurb}` : `${id} (coming in a later version)`;
	};
	const section = exerciseSection(lesson, progress, route, width, describeDemo);
	const lines = [...text, '', ...section];
	const exercisesFocused = route.focus === 'exercises';
	// While the list has focus the pager owns no keys, so the list must stay on screen: the text may
	// still be loading when Enter moved the focus, and a resize re-wraps the text above it.
	const sectionStart = text.length + 1;
	const chosenRow = sectionStart + Math.max(0, section.findIndex((line) => line.startsWith('›')));
	const listOffset = offsetShowing(offsetShowing(route.offset, sectionStart, lines.length, height), chosenRow, chosenRow + 1, height);
	useEffect(() => {
		if (exercisesFocused && listOffset !== route.offset) dispatch({ type: 'scroll', offset: listOffset });
	}, [exercisesFocused, listOffset, route.offset, dispatch]);
	const selected = useRef(route.selected);
	selected.current = route.selected;

	const onScroll = useCallback((offset: number) => dispatch({ type: 'scroll', offset }), [dispatch]);
	useScreenInput(
		(input, key) => {
			const exercises = lesson.exercises.length;
			const last = exercises + lesson.demos.length - 1;
			const select = (index: number) => {
				selected.current = index;
				dispatch({ type: 'select-exercise', index });
			};
			// Going to the list scrolls to the end of the lesson, where it is.
			const focusList = () => dispatch({ type: 'lesson-focus', focus: 'exercises', offset: maxOffset(lines.length, height) });
			const open = (index: number) => {
				if (index < exercises) dispatch({ type: 'open-exercise', exerciseId: lesson.exercises[index]!.id });
				else dispatch({ type: 'open-demo', demoId: lesson.demos[index - exercises]! });
			};
			if (input === 'd' && !key.ctrl && !key.meta && lesson.demos.length > 0) {
				// One demo opens at once; with several, d walks through them in the list.
				if (lesson.demos.length === 1) return open(exercises);
				const onDemo = exercisesFocused && selected.current >= exercises;
				const next = onDemo ? exercises + ((selected.current - exercises + 1) % lesson.demos.length) : exercises;
				if (!exercisesFocused) focusList();
				select(next);
				return;
			}
			if (key.tab || (key.return && !exercisesFocused)) {
				if (last < 0) return;
				if (exercisesFocused) dispatch({ type: 'lesson-focus', focus: 'text' });
				else focusList();
				return;
			}
			if (!exercisesFocused) return;
			if (key.return) open(selected.current);
			else if (key.downArrow || input === 'j') select(Math.min(last, selected.current + 1));
			else if (key.upArrow || input === 'k') select(Math.max(0, selected.current - 1));
			else if (/^[1-9]$/.test(input) && Number(input) - 1 < exercises) open(Number(input) - 1);
		},
		{ isActive: !help },
	);

	return (
		<Frame
			title={lesson.title}
			context={`Lesson ${number} of ${count}`}
			keys={
				exercisesFocused
					? '↑↓ choose · Enter open · Tab text · q back · ? help'
					: lesson.demos.length > 0
						? '↑↓ scroll · Tab exercises · d demo · q back · ? help'
						: '↑↓ space scroll · Tab exercises · q back · ? help'
			}
			status={pagerStatus(route.offset, lines.length, height)}
			columns={columns}
			rows={rows}
		>
			<Pager lines={lines} offset={route.offset} height={height} isActive={!help && !exercisesFocused} onScroll={onScroll} />
		</Frame>
	);
}
