// The GIL lab screen: the same prime count three ways, one after another with Enter: async functions
// on one thread, workers sharing one global lock, free workers. Live progress per chunk, a wall-time
// bar per mode on one scale, and CPU ÷ wall (how many cores were busy on average).
import { Box, Text } from 'ink';
import { GilLabDemo, gilModes, type GilLabOptions, type GilMode, type GilModeState } from '../../demos/gil-lab.js';
import { Frame } from '../components/frame.js';
import { duration } from '../../duration.js';
import { bar, count, glyph, paragraph } from './format.js';
import type { DemoScreenProps } from './hooks.js';
import { PhaseStatus, usePhasedDemo } from './phase.js';

export interface GilLabScreenProps extends DemoScreenProps {
	options?: Partial<GilLabOptions>;
}

const titles: Record<GilMode, (chunks: number) => string> = {
	async: () => 'async · Promise.all on one thread',
	gil: (chunks) => `gil · ${chunks} workers, one global lock`,
	free: (chunks) => `free · ${chunks} workers, no lock`,
};

function ModeBlock({ mode, state, chunks, longest, width }: { mode: GilMode; state: GilModeState; chunks: number; longest: number; width: number }) {
	const chunkWidth = Math.max(4, Math.floor((width - 10) / chunks) - 3);
	const figures =
		state.status === 'waiting'
			? ''
			: `${duration(state.wallMs)} · CPU ${duration(state.cpuMs)} · CPU÷wall ${state.ratio.toFixed(2)}`;
	const holder = mode === 'gil' && state.status === 'running' ? (state.holder ? `lock: worker ${state.holder}` : 'lock: free') : '';
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate-end">
					{titles[mode](chunks)}
				</Text>
				<PhaseStatus status={state.status} running="running" done="done" />
			</Box>
			<Text wrap="truncate-end">
				{'  chunks  '}
				{state.progress.map((fraction, index) => `${index + 1}${bar(fraction, chunkWidth)}`).join('  ')}
			</Text>
			<Text wrap="truncate-end">{`  wall    ${bar(longest > 0 ? state.wallMs / longest : 0, Math.max(10, width - 50))} ${figures}`}</Text>
			<Text wrap="truncate-end">
				{`          threads computing at once: ${state.status === 'waiting' ? '–' : state.mostAtOnce}`}
				{holder ? `   ${holder}` : ''}
			</Text>
		</Box>
	);
}

/** What the three runs showed, from their measurements: a busy machine can hide the parallelism. */
export function verdict(modes: Record<GilMode, GilModeState>): string {
	const { async: viaAsync, gil, free } = modes;
	const speedup = Math.max(viaAsync.wallMs, gil.wallMs) / Math.max(1, free.wallMs);
	if (free.ratio >= 1.3) {
		return `Free workers kept ${free.ratio.toFixed(1)} cores busy and finished ${speedup.toFixed(1)}× sooner; async and the GIL kept about one busy.`;
	}
	return `Free workers computed ${free.mostAtOnce} at once, but kept only ${free.ratio.toFixed(1)} cores busy: other programs had the rest. Press r on a quieter machine.`;
}

export function GilLabScreen({ onExit, columns, rows, isActive = true, exitKeys = true, options }: GilLabScreenProps) {
	const { snapshot, next, width, height } = usePhasedDemo(() => new GilLabDemo(options), gilModes, { onExit, columns, rows, isActive, exitKeys });
	const longest = Math.max(...gilModes.map((mode) => snapshot.modes[mode].wallMs));
	const done = gilModes.filter((mode) => snapshot.modes[mode].status === 'done');
	let summary: string;
	if (snapshot.error) summary = `${glyph.bad} A worker failed: ${snapshot.error}`;
	else if (snapshot.running === 'async') summary = 'The async functions take turns at each await; only one computes at any moment.';
	else if (snapshot.running === 'gil') summary = 'Four threads, yet each must hold the lock to compute: they take turns, like threads under a GIL.';
	else if (snapshot.running === 'free') summary = 'No lock: every core computes. CPU÷wall shows how many were busy.';
	else if (done.length === 3) {
		summary = `${glyph.done} ${count(snapshot.modes.free.primes ?? 0)} primes all three ways. ${verdict(snapshot.modes)}`;
	} else if (done.length > 0) summary = `${glyph.done} ${count(snapshot.modes[done.at(-1)!].primes ?? 0)} primes. Press Enter for the next way.`;
	else summary = `Count the primes below ${count(snapshot.limit)} in ${snapshot.chunks} chunks. Press Enter to start.`;
	const keys = snapshot.running ? 'r restart · q back' : next ? 'Enter start next · r restart · q back' : 'r run again · q back';
	return (
		<Frame title="The GIL lab · one CPU-bound job, three ways" context="live · real workers" keys={keys} columns={width} rows={height}>
			{gilModes.map((mode) => (
				<Box key={mode} flexDirection="column" marginBottom={1}>
					<ModeBlock mode={mode} state={snapshot.modes[mode]} chunks={snapshot.chunks} longest={longest} width={width - 2} />
				</Box>
			))}
			{paragraph(summary, width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
		</Frame>
	);
}
