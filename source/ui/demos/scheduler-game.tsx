// "Be the scheduler": the learner chooses which thread takes the next step (1 or 2). Goal 1, without a
// lock: make an update get lost. Goal 2, with a lock: try, and see that every order ends with 2 —
// proven by trying every interleaving (enumerateInterleavings), not just asserted.
import { Box, Text } from 'ink';
import { useMemo, useReducer } from 'react';
import {
	isBlocked,
	isFinished,
	lostUpdate,
	newGame,
	opText,
	programs,
	step,
	summarize,
	threadIds,
	threadName,
	whyNot,
	type GameState,
	type Move,
	type Program,
	type ThreadId,
} from '../../demos/scheduler-game.js';
import { Frame } from '../components/frame.js';
import { useTerminalSize } from '../hooks.js';
import { cell, glyph, paragraph } from './format.js';
import { useDemoKeys, type DemoScreenProps } from './hooks.js';

export interface SchedulerGameScreenProps extends DemoScreenProps {
	/** Which goal to open on: "unlocked" (goal 1, the default) or "locked" (goal 2). */
	program?: Program;
}

const goals: Record<Program, string> = {
	unlocked: 'Goal 1 of 2 · choose an order of steps that loses an update',
	locked: 'Goal 2 of 2 · the same with a lock: can any order lose one?',
};

function ThreadColumn({ state, thread, width }: { state: GameState; thread: ThreadId; width: number }) {
	const ops = programs[state.program];
	const { pc, register } = state.threads[thread];
	const blocked = isBlocked(state, thread);
	const status = isFinished(state, thread) ? `${glyph.done} finished` : blocked ? `${glyph.blocked} blocked` : '';
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{cell(`${threadName(thread)}  (key ${thread + 1})`, 22)}
				<Text bold={false}>{status}</Text>
			</Text>
			{ops.map((op, index) => {
				const mark = index < pc ? glyph.done : index === pc ? (blocked ? glyph.blocked : glyph.running) : ' ';
				return <Text key={index} wrap="truncate-end">{`${mark} ${opText[op]}`}</Text>;
			})}
			<Text wrap="truncate-end">{`  reg = ${register ?? '–'}`}</Text>
		</Box>
	);
}

/** A move in a few columns, e.g. "t1 read 0", "t2 add → 1", "t1 write 1". */
export function shortMove(move: Move): string {
	const detail = move.value === undefined ? '' : move.op === 'add' ? ` → ${move.value}` : ` ${move.value}`;
	return `t${move.thread + 1} ${move.op}${detail}`;
}

/** The message under the board: what just happened, what it means, what to try. */
function commentary(state: GameState, counts: Record<Program, ReturnType<typeof summarize>>): string {
	const unlocked = counts.unlocked;
	const losing = unlocked.endings[1] ?? 0;
	if (state.program === 'unlocked') {
		if (lostUpdate(state)) {
			return `${glyph.bad} Lost update! Both threads read ${state.counter - 1} before either wrote, so both wrote ${state.counter}: counter = ${state.counter}, not 2. ${glyph.done} Goal 1 done. Press Enter for goal 2.`;
		}
		if (isFinished(state)) {
			return `counter = 2: nothing lost this time. ${losing} of the ${unlocked.total} possible orders lose an update. Press r and try again: what if both read before either writes?`;
		}
		return 'Press 1 or 2 to run that thread\'s next step. Each thread adds 1, so the counter should end at 2.';
	}
	const locked = counts.locked;
	if (isFinished(state)) {
		const allTwo = (locked.endings[2] ?? 0) === locked.total;
		return `${glyph.done} counter = ${state.counter}. ${allTwo ? `All ${locked.total} interleavings end with 2` : 'Some interleavings do not end with 2'} (every one tried): whoever locks first runs to unlock while the other is blocked. Without the lock, ${losing} of ${unlocked.total} lost an update.`;
	}
	const blocked = threadIds.find((thread) => isBlocked(state, thread));
	if (blocked !== undefined) {
		return `${threadName(blocked)} waits at "lock" until ${threadName(state.lockOwner!)} unlocks, so it cannot read a value that is about to change.`;
	}
	return 'Press 1 or 2. Try to make both threads read before either writes.';
}

interface ScreenState {
	game: GameState;
	/** Why the last key was refused (a blocked or finished thread), until the next step. */
	refused?: string;
	/** Goal 1 reached at least once since the screen opened. */
	goalOneDone: boolean;
}

type ScreenAction = { type: 'step'; thread: ThreadId } | { type: 'restart' } | { type: 'other-goal' };

function initialScreen(program: Program): ScreenState {
	return { game: newGame(program), goalOneDone: false };
}

export function reduceScreen(screen: ScreenState, action: ScreenAction): ScreenState {
	switch (action.type) {
		case 'restart':
			return { ...screen, game: newGame(screen.game.program), refused: undefined };
		case 'other-goal':
			return { ...screen, game: newGame(screen.game.program === 'unlocked' ? 'locked' : 'unlocked'), refused: undefined };
		case 'step': {
			const reason = whyNot(screen.game, action.thread);
			if (reason) return { ...screen, refused: `${glyph.blocked} ${reason}.` };
			const game = step(screen.game, action.thread);
			return { game, refused: undefined, goalOneDone: screen.goalOneDone || lostUpdate(game) };
		}
	}
}

export function SchedulerGameScreen({ onExit, columns, rows, isActive = true, exitKeys = true, program = 'unlocked' }: SchedulerGameScreenProps) {
	const size = useTerminalSize();
	const width = columns ?? size.columns;
	const height = rows ?? size.rows;
	// A reducer, not a closure over the rendered state: two keys typed faster than Ink redraws must
	// each take one step from the state the previous one left.
	const [{ game: state, refused, goalOneDone }, dispatch] = useReducer(reduceScreen, program, initialScreen);
	// Every interleaving of both programs, tried once: 20 and 2 of them, so this is instant.
	const counts = useMemo(() => ({ unlocked: summarize('unlocked'), locked: summarize('locked') }), []);

	useDemoKeys({
		isActive,
		exitKeys,
		onExit,
		onRestart: () => dispatch({ type: 'restart' }),
		onNext: () => dispatch({ type: 'other-goal' }),
		onOther: (input) => {
			if (input === '1' || input === '2') dispatch({ type: 'step', thread: input === '1' ? 0 : 1 });
		},
	});

	const column = Math.floor((width - 2) / 2);
	const lockText = state.program === 'locked' ? `lock: ${state.lockOwner === undefined ? 'free' : `held by ${threadName(state.lockOwner)}`}` : 'no lock';
	const moves = state.history.map((move) => shortMove(move)).join(' · ');
	const keys = '1 2 step a thread · Enter other goal · r restart · q back';
	return (
		<Frame title="Be the scheduler" context={goalOneDone ? `goal 1 ${glyph.done}` : 'you pick the next step'} keys={keys} columns={width} rows={height}>
			<Text bold wrap="truncate-end">
				{goals[state.program]}
			</Text>
			<Text> </Text>
			<Box>
				{threadIds.map((thread) => (
					<ThreadColumn key={thread} state={state} thread={thread} width={column} />
				))}
			</Box>
			<Text> </Text>
			<Text wrap="truncate-end">
				<Text bold>{`shared counter = ${state.counter}`}</Text>
				{`      ${lockText}`}
			</Text>
			<Text> </Text>
			{paragraph(`Steps: ${moves || '–'}`, width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
			<Text> </Text>
			{refused ? <Text wrap="truncate-end">{refused}</Text> : null}
			{paragraph(commentary(state, counts), width - 2).map(({ key, row }) => (
				<Text key={key}>{row}</Text>
			))}
		</Frame>
	);
}
