// Home: the title, overall progress, and the lessons to choose from (ink-select-input, which owns
// ↑/↓, j/k, digits and Enter while the help overlay is closed).
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { progressBar } from '../../cli/style.js';
import { allExercises } from '../../lessons/load.js';
import type { LessonPack } from '../../lessons/types.js';
import { totals, type ProgressFile } from '../../progress/index.js';
import { bodyHeight, Frame } from '../components/frame.js';
import type { UiAction, UiState } from '../state.js';
import { lessonStatusLabel, lessonTotals } from '../summary.js';

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
	// The select input draws a 2-column pointer before each label; the frame pads 1 column each side.
	const labelWidth = Math.min(76, columns - 6);
	const items = pack.lessons.map((lesson, index) => ({
		key: lesson.id,
		value: lesson.id,
		label: lessonLabel(index, lesson.title, lessonStatusLabel(lessonTotals(lesson, progress)), labelWidth),
	}));
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
				<SelectInput
					items={items}
					initialIndex={Math.min(state.homeIndex, items.length - 1)}
					limit={listRows}
					isFocused={!help}
					onHighlight={(item) => dispatch({ type: 'home-highlight', index: items.findIndex((i) => i.value === item.value) })}
					onSelect={(item) => {
						dispatch({ type: 'home-highlight', index: items.findIndex((i) => i.value === item.value) });
						dispatch({ type: 'open-lesson', lessonId: item.value });
					}}
				/>
			</Box>
		</Frame>
	);
}
