// Home: the title, overall progress, and the lessons to choose from (↑/↓, j/k, digits and Enter
// while the help overlay is closed). The keys come through the App (useScreenInput), like every
// screen's, so a key typed just before the home screen is drawn is not lost.
import { Box, Text } from 'ink';
import { useRef } from 'react';
import { progressBar } from '../../cli/style.js';
import { allExercises } from '../../lessons/load.js';
import type { LessonPack } from '../../lessons/types.js';
import { totals, type ProgressFile } from '../../progress/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import type { UiAction, UiState } from '../state.js';
import { lessonStatusLabel, lessonTotals } from '../summary.js';
import { useScreenInput } from '../screen-keys.js';

export interface HomeProps {
	pack: LessonPack;
	workspace: string;
	progress: ProgressFile;
	state: UiState;
	/** The help overlay is open, or the terminal is too small: the list owns no keys. */
	help: boolean;
	dispatch(action: UiAction): void;
	columns: number;
	rows: number;
}

/** Rows of the home body above the lesson list: progress, workspace, blank, "Lessons". */
const HOME_HEADER_ROWS = 4;

export function lessonLabel(index: number, title: string, status: string, width: number): string {
	const left = `${index + 1}. ${title}`;
	const room = Math.max(1, width - left.length - status.length);
	return room >= 2 ? `${left}${' '.repeat(room)}${status}` : `${left}  ${status}`;
}

export function Home({ pack, workspace, progress, state, help, dispatch, columns, rows }: HomeProps) {
	const overall = totals(progress, allExercises(pack).map((exercise) => exercise.id));
	const notices = state.notices;
	const listRows = Math.max(3, bodyHeight(rows) - HOME_HEADER_ROWS - notices.length);
	// Each row has a 2-column pointer before its label; the frame pads 1 column each side.
	const labelWidth = Math.min(76, columns - 6);
	const items = pack.lessons.map((lesson, index) => ({
		key: lesson.id,
		value: lesson.id,
		label: lessonLabel(index, lesson.title, lessonStatusLabel(lessonTotals(lesson, progress)), labelWidth),
	}));
	const count = items.length;
	const chosen = Math.min(state.homeIndex, count - 1);
	// Keys can arrive faster than React re-renders: each move starts from the latest one.
	const latest = useRef(chosen);
	latest.current = chosen;
	useScreenInput(
		(input, key) => {
			if (count === 0 || key.ctrl || key.meta) return;
			const highlight = (index: number) => {
				latest.current = index;
				dispatch({ type: 'home-highlight', index });
			};
			const open = (index: number) => {
				highlight(index);
				dispatch({ type: 'open-lesson', lessonId: items[index]!.value });
			};
			// The list wraps around at either end.
			if (key.upArrow || input === 'k') highlight((latest.current - 1 + count) % count);
			else if (key.downArrow || input === 'j') highlight((latest.current + 1) % count);
			else if (key.return) open(latest.current);
			else if (/^[1-9]$/.test(input) && Number(input) <= count) open(Number(input) - 1);
		},
		{ isActive: !help },
	);
	// The rows shown: the chosen lesson always among them.
	const first = Math.max(0, Math.min(chosen - listRows + 1, count - listRows));
	const shown = items.slice(first, first + listRows);
	const percent = overall.total === 0 ? 0 : Math.round((overall.passed / overall.total) * 100);
	return (
		<Frame
			title="conc-tutor · concurrency in Node.js"
			context={`${pack.lessons.length} lesson${pack.lessons.length === 1 ? "" : "s"}`}
			keys="↑↓ choose · Enter open · ? help · q quit"
			columns={columns}
			rows={rows}
		>
			{notices.map((notice) => (
				<Text key={notice} wrap="truncate-end">
					! {notice}
				</Text>
			))}
			<Text wrap="truncate-end">
				Progress {progressBar(overall.passed, overall.total, 20)} {overall.passed} of {overall.total} exercises passed ({percent}%)
			</Text>
			<Text dimColor wrap="truncate-end">
				Workspace {workspace}
			</Text>
			<Text> </Text>
			<Text bold>Lessons</Text>
			<Box flexDirection="column">
				{shown.map((item, offset) => {
					const selected = first + offset === chosen;
					return (
						<Text key={item.key} wrap="truncate-end" color={selected ? 'blue' : undefined}>
							{selected ? '❯' : ' '} {item.label}
						</Text>
					);
				})}
			</Box>
		</Frame>
	);
}
