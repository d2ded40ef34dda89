// The theatre demo screen: one checker alternating two queues on one thread, then two checkers on two
// workers. Enter runs the next mode; both stay on screen to compare.
import { Box, Text } from 'ink';
import { TheatreDemo, type TheatreMode, type TheatreModeState, type TheatreOptions } from '../../demos/theatre.js';
import { Frame } from '../components/frame.js';
import { duration } from '../../duration.js';
import { bar, cell, glyph, paragraph } from './format.js';
import type { DemoScreenProps } from './hooks.js';
import { PhaseStatus, usePhasedDemo } from './phase.js';

export interface TheatreScreenProps extends DemoScreenProps {
	/** Engine options (tests use small ones). */
	options?: Partial<TheatreOptions>;
}

const modes: readonly TheatreMode[] = ['one', 'two'];
const titles: Record<TheatreMode, string> = {
	one: 'One checker · one thread, turns between the queues',
	two: 'Two checkers · two workers, one queue each',
};

function ModeBlock({ mode, state, longest, width }: { mode: TheatreMode; state: TheatreModeState; longest: number; width: number }) {
	const checkers = mode === 'one' ? [1] : [1, 2];
	const checkedRow = state.checked.map((c) => c.person).join(' ');
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate-end">
					{titles[mode]}
				</Text>
				<PhaseStatus status={state.status} running="running" done="done" />
			</Box>
			<Text wrap="truncate-end">{`  VIP      ${state.queued.vip.join(' ') || '(empty)'}`}</Text>
			<Text wrap="truncate-end">{`  regular  ${state.queued.regular.join(' ') || '(empty)'}`}</Text>
			<Text wrap="truncate-end">
				{'  '}
				{checkers
					.map((checker) => {
						const now = state.checking.find((c) => c.checker === checker);
						return cell(`checker ${checker} ${now ? `${glyph.running} checking ${now.person}` : `${glyph.waiting} idle`}`, 28);
					})
					.join('')}
				{mode === 'one' ? cell('', 28) : ''}
				{state.status === 'waiting' ? '' : `at once: ${state.mostAtOnce}`}
			</Text>
			<Text wrap="truncate-end">{`  checked  ${checkedRow || '–'}`}</Text>
			<Text wrap="truncate-end">
				{`  time     ${bar(longest > 0 ? state.elapsedMs / longest : 0, Math.max(10, width - 24))} ${state.status === 'waiting' ? '' : duration(state.elapsedMs)}`}
			</Text>
		</Box>
	);
}

export function TheatreScreen({ onExit, columns, rows, isActive = true, exitKeys = true, options }: TheatreScreenProps) {
	const { snapshot, next, width, height } = usePhasedDemo(() => new TheatreDemo(options), modes, { onExit, columns, rows, isActive, exitKeys });
	const { one, two } = snapshot.modes;
	const longest = Math.max(one.elapsedMs, two.elapsedMs);
	let summary: string;
	if (snapshot.error) summary = `${glyph.bad} A checker failed: ${snapshot.error}`;
	else if (one.status === 'done' && two.status === 'done') {
		summary = `${glyph.done} Two checkers: ${duration(two.elapsedMs)}, one checker: ${duration(one.elapsedMs)} (${(one.elapsedMs / Math.max(1, two.elapsedMs)).toFixed(1)}× as long). One checker is concurrency: both queues move, one ticket at a time. Two are parallelism: two tickets at the same instant, on two cores.`;
	} else if (snapshot.running === 'one') summary = 'Both queues move, yet only one ticket is ever being checked.';
	else if (snapshot.running === 'two') summary = 'Two tickets are checked at the same instant, one on each core.';
	else if (one.status === 'done') summary = `Most tickets checked at once: ${one.mostAtOnce}. Press Enter to hire a second checker.`;
	else summary = `${snapshot.people} people in each queue; checking a ticket is CPU work. Press Enter to open the door.`;
	const keys = snapshot.running ? 'r restart · q back' : next ? 'Enter start next · r restart · q back' : 'r run again · q back';
	return (
		<Frame title="The theatre · concurrency vs parallelism" context="live demo · real workers" keys={keys} columns={width} rows={height}>
			<ModeBlock mode="one" state={one} longest={longest} width={width - 2} />
			<Text> </Text>
			<ModeBlock mode="two" state={two} longest={longest} width={width - 2} />
			<Text> </Text>
			{paragraph(summary, width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
		</Frame>
	);
}
