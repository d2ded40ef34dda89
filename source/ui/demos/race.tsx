// The race screen: workers adding to one shared counter, first with counter[0]++ (updates lost),
// then with Atomics.add (none lost). Expected and actual go up round by round, side by side.
import { Box, Text } from 'ink';
import { RaceDemo, type RaceMode, type RaceModeState, type RaceOptions } from '../../demos/race.js';
import { Frame } from '../components/frame.js';
import { duration } from '../../duration.js';
import { bar, count, glyph, paragraph } from './format.js';
import type { DemoScreenProps } from './hooks.js';
import { PhaseStatus, usePhasedDemo } from './phase.js';

export interface RaceScreenProps extends DemoScreenProps {
	options?: Partial<RaceOptions>;
}

const modes: readonly RaceMode[] = ['racy', 'atomic'];
const titles: Record<RaceMode, string> = {
	racy: 'counter[0]++ · read, add, write: three steps',
	atomic: 'Atomics.add(counter, 0, 1) · one indivisible step',
};

/** The lost count, right-aligned with expected and actual, and what it means. */
function lostText(state: RaceModeState, rounds: number, number: (n: number) => string): string {
	if (state.status === 'waiting') return number(0);
	if (state.lost === 0) return `${number(0)} ${glyph.done} none lost`;
	const share = state.expected > 0 ? ((state.lost / state.expected) * 100).toFixed(1) : '0';
	return `${number(state.lost)} ${glyph.bad} ${share}% lost, in ${state.roundsWithLoss} of ${rounds} rounds`;
}

function ModeBlock({ mode, state, total, rounds, width }: { mode: RaceMode; state: RaceModeState; total: number; rounds: number; width: number }) {
	const barWidth = Math.max(10, width - 26);
	const number = (n: number) => count(n).padStart(13);
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate-end">
					{titles[mode]}
				</Text>
				<PhaseStatus status={state.status} running={`round ${state.round} of ${rounds}`} done={`done in ${duration(state.elapsedMs)}`} />
			</Box>
			<Text wrap="truncate-end">{`  expected ${number(state.expected)} ${bar(state.expected / total, barWidth)}`}</Text>
			<Text wrap="truncate-end">{`  actual   ${number(state.actual)} ${bar(state.actual / total, barWidth)}`}</Text>
			<Text wrap="truncate-end">{`  lost     ${lostText(state, rounds, number)}`}</Text>
		</Box>
	);
}

export function RaceScreen({ onExit, columns, rows, isActive = true, exitKeys = true, options }: RaceScreenProps) {
	const { snapshot, next, width, height } = usePhasedDemo(() => new RaceDemo(options), modes, { onExit, columns, rows, isActive, exitKeys });
	const { racy, atomic } = snapshot.modes;
	let summary: string;
	if (snapshot.error) summary = `${glyph.bad} A worker failed: ${snapshot.error}`;
	else if (snapshot.running === 'racy') summary = 'Two workers read the same value, both write value + 1: one update is gone.';
	else if (snapshot.running === 'atomic') summary = 'Read, add and write happen as one step no other thread can cut into.';
	else if (atomic.status === 'done') {
		summary = `${glyph.done} Atomics.add: all ${count(atomic.actual)} counted. counter[0]++ lost ${count(racy.lost)}: it reads, adds and writes in three steps, and another worker can write in between.`;
	} else if (racy.status === 'done') {
		summary =
			racy.lost > 0
				? `${glyph.bad} ${count(racy.lost)} updates lost. Press Enter to run the same with Atomics.add.`
				: 'No update lost this time (it is timing). Press r and then Enter to race again, or Enter for Atomics.add.';
	} else summary = `${snapshot.workers} workers each add 1, ${count(snapshot.burst)} times a round, ${snapshot.rounds} rounds. Press Enter to race.`;
	const keys = snapshot.running ? 'r restart · q back' : next ? 'Enter start next · r restart · q back' : 'r run again · q back';
	return (
		<Frame
			title="The race · one shared counter"
			context={`${snapshot.workers} workers × ${count(snapshot.rounds * snapshot.burst)} increments`}
			keys={keys}
			columns={width}
			rows={height}
		>
			<Text wrap="truncate-end">{`Every worker adds 1 to counter[0]; the total must be ${count(snapshot.total)}.`}</Text>
			<Text> </Text>
			<ModeBlock mode="racy" state={racy} total={snapshot.total} rounds={snapshot.rounds} width={width - 2} />
			<Text> </Text>
			<ModeBlock mode="atomic" state={atomic} total={snapshot.total} rounds={snapshot.rounds} width={width - 2} />
			<Text> </Text>
			{paragraph(summary, width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
		</Frame>
	);
}
