// The deadlock screen: two workers take locks A and B in opposite order and stick; the watchdog's
// wait-for graph is drawn and both are terminated. Then the same work with one lock order completes.
import { Box, Text } from 'ink';
import {
	DeadlockDemo,
	type DeadlockMode,
	type DeadlockModeState,
	type DeadlockOptions,
	type DeadlockWorkerState,
	type WaitForGraph,
} from '../../demos/deadlock.js';
import { Frame } from '../components/frame.js';
import { duration } from '../../duration.js';
import { cell, glyph, paragraph } from './format.js';
import type { DemoScreenProps } from './hooks.js';
import { PhaseStatus, usePhasedDemo } from './phase.js';

export interface DeadlockScreenProps extends DemoScreenProps {
	options?: Partial<DeadlockOptions>;
}

const modes: readonly DeadlockMode[] = ['opposite', 'ordered'];
const titles: Record<DeadlockMode, string> = {
	opposite: 'Opposite order · worker 1: A then B, worker 2: B then A',
	ordered: 'One order · both workers: A then B',
};

const workerStatus: Record<DeadlockWorkerState['status'], string> = {
	starting: `${glyph.waiting} starting`,
	running: `${glyph.running} running`,
	done: `${glyph.done} done`,
	terminated: `${glyph.blocked} terminated`,
};

function WorkerRow({ worker, rounds }: { worker: DeadlockWorkerState; rounds: number }) {
	const holds = worker.holds.length > 0 ? worker.holds.join(' ') : '–';
	return (
		<Text wrap="truncate-end">
			{`  worker ${worker.id}  `}
			{cell(`holds ${holds}`, 11)}
			{cell(`waits for ${worker.waitsFor ?? '–'}`, 14)}
			{cell(`${worker.roundsDone} of ${rounds} rounds`, 17)}
			{workerStatus[worker.status]}
		</Text>
	);
}

/**
 * The two-worker cycle as a drawing:
 *   worker 1 ──waits for──▶ B ──held by──▶ worker 2
 *      ▲                                      │
 *      └──held by── A ◀──waits for────────────┘
 * Longer cycles (not produced by this demo) fall back to the one-line cycle.
 */
export function drawGraph(graph: WaitForGraph): string[] {
	if (graph.edges.length !== 2) return [graph.cycle];
	const [first, second] = graph.edges as [WaitForGraph['edges'][0], WaitForGraph['edges'][0]];
	const top = `worker ${first.worker} ──waits for──▶ ${first.waitsFor} ──held by──▶ worker ${first.heldBy}`;
	const down = top.length - 5; // under the middle of the last "worker n"
	const bottomStart = `   └──held by── ${second.waitsFor} ◀──waits for`;
	const middle = `   ▲${' '.repeat(Math.max(1, down - 4))}│`;
	const bottom = `${bottomStart}${'─'.repeat(Math.max(1, down - bottomStart.length))}┘`;
	return [top, middle, bottom];
}

function ModeBlock({ mode, state, rounds, width }: { mode: DeadlockMode; state: DeadlockModeState; rounds: number; width: number }) {
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate-end">
					{titles[mode]}
				</Text>
				<PhaseStatus
					status={state.status}
					running="running"
					done={`completed in ${duration(state.elapsedMs)}`}
					other={state.status === 'deadlocked' ? `deadlocked · ${duration(state.elapsedMs)}` : 'timed out'}
				/>
			</Box>
			{state.workers.map((worker) => (
				<WorkerRow key={worker.id} worker={worker} rounds={rounds} />
			))}
			{state.graph ? (
				<>
					<Text wrap="truncate-end">{'  Wait-for graph: a cycle, so nobody can move'}</Text>
					{drawGraph(state.graph).map((line, index) => (
						<Text key={index} wrap="truncate-end">{`    ${line}`}</Text>
					))}
					<Text wrap="truncate-end">{`  ${state.graph.lines.join(' · ')}`}</Text>
				</>
			) : null}
		</Box>
	);
}

export function DeadlockScreen({ onExit, columns, rows, isActive = true, exitKeys = true, options }: DeadlockScreenProps) {
	const { snapshot, next, width, height } = usePhasedDemo(() => new DeadlockDemo(options), modes, { onExit, columns, rows, isActive, exitKeys });
	const { opposite, ordered } = snapshot.modes;
	let summary: string;
	if (snapshot.error) summary = `${glyph.bad} A worker failed: ${snapshot.error}`;
	else if (snapshot.running === 'opposite') summary = 'Each worker takes its first lock, works, then asks for the other one…';
	else if (snapshot.running === 'ordered') summary = 'Whoever gets A first finishes its transfer; the other waits for A, never holding B.';
	else if (ordered.status === 'completed') {
		summary = `${glyph.done} With one lock order a cycle cannot form: the same ${snapshot.rounds} rounds each completed.`;
	} else if (opposite.status === 'deadlocked') {
		summary = `${glyph.bad} Stuck for good: a blocked thread never wakes up by itself, so both were terminated. Press Enter to take the locks in one order.`;
	} else if (opposite.status === 'completed') {
		summary = 'They got lucky and never held one lock each at the same moment: it is timing. Press r to try again, or Enter.';
	} else if (opposite.status === 'timed-out') summary = 'Neither finished nor deadlocked in time. Press Enter or r.';
	else summary = `Two workers, locks A and B, ${snapshot.rounds} transfers each; a transfer needs both locks. Press Enter to start.`;
	const keys = snapshot.running ? 'r restart · q back' : next ? 'Enter start next · r restart · q back' : 'r run again · q back';
	return (
		<Frame title="The deadlock · two workers, two locks" context="live · real workers" keys={keys} columns={width} rows={height}>
			<ModeBlock mode="opposite" state={opposite} rounds={snapshot.rounds} width={width - 2} />
			<Text> </Text>
			<ModeBlock mode="ordered" state={ordered} rounds={snapshot.rounds} width={width - 2} />
			<Text> </Text>
			{paragraph(summary, width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
		</Frame>
	);
}
