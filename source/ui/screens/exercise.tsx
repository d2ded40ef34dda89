// The exercise route. For now it shows the task text in the pager with the files to edit and the
// status; the full exercise loop (verify, watch, hints, reset, timeline) replaces this screen in
// issue 5, keeping the same props.
import { Text } from 'ink';
import { useCallback } from 'react';
import type { Exercise, Lesson } from '../../lessons/types.js';
import type { ProgressFile } from '../../progress/index.js';
import { exerciseFiles } from '../../workspace/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import { Pager } from '../components/pager.js';
import { useMarkdown } from '../hooks.js';
import { pagerStatus } from '../pager.js';
import type { Route, UiAction } from '../state.js';
import { exerciseStatus, exerciseStatusLabel } from '../summary.js';

export interface ExerciseScreenProps {
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

/** Rows above the pager: status, the files to edit, a blank row. */
const EXERCISE_HEADER_ROWS = 3;

export function ExerciseScreen({ exercise, lesson, workspace, progress, route, help, dispatch, columns, rows }: ExerciseScreenProps) {
	const width = Math.max(20, columns - 2);
	const height = Math.max(1, bodyHeight(rows) - EXERCISE_HEADER_ROWS);
	const task = useMarkdown(exercise.task, width) ?? ['Loading the task…'];
	const lines = [...task, '', `Grade your files with: conc-tutor verify ${exercise.id}`];
	const entry = progress.exercises[exercise.id];
	const details = [exerciseStatusLabel[exerciseStatus(progress, exercise.id)]];
	if (entry?.attempts) details.push(`${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`);
	if (entry?.hintsShown) details.push(`${entry.hintsShown} of ${exercise.hints.length} hints seen`);
	const [primary, ...others] = exerciseFiles(workspace, exercise);
	const onScroll = useCallback((offset: number) => dispatch({ type: 'scroll', offset }), [dispatch]);
	return (
		<Frame
			title={exercise.title}
			context={lesson.title}
			keys="↑↓ space scroll · q back · ? help"
			status={pagerStatus(route.offset, lines.length, height)}
			columns={columns}
			rows={rows}
		>
			<Text wrap="truncate-end">Status {details.join(' · ')}</Text>
			<Text wrap="truncate-end">
				Edit {primary}
				{others.length > 0 ? ` (also ${others.map((file) => file.slice(file.lastIndexOf('/') + 1)).join(', ')})` : ''}
			</Text>
			<Text> </Text>
			<Pager lines={lines} offset={route.offset} height={height} isActive={!help} onScroll={onScroll} />
		</Frame>
	);
}
