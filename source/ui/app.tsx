// The TUI's root: holds the screen state (reducer in state.ts/keys.ts), owns the global keys, keeps
// progress fresh, and renders the current route. Add a screen by adding a route in state.ts and a
// case in `screenFor` below.
import { Box, Text, useApp, type Key } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { findExercise } from '../lessons/load.js';
import type { ProgressFile } from '../progress/index.js';
import { bodyHeight, Frame } from './components/frame.js';
import { HelpOverlay } from './components/help-overlay.js';
import { preloadMarkdown, useTerminalSize } from './hooks.js';
import { appReducer, helpFor, type KeyAction } from './keys.js';
import type { TuiModel } from './model.js';
import { findDemo, loadedDemos, preloadDemos } from './demo-list.js';
import { DemoScreen } from './screens/demo.js';
import { ExerciseScreen } from './screens/exercise.js';
import { Home } from './screens/home.js';
import { LessonScreen } from './screens/lesson.js';
import { currentRoute, initialState, type UiAction, type UiState } from './state.js';
import { tooSmallText } from './too-small.js';
import { KeyBusContext, useKeyRouting } from './screen-keys.js';

export interface AppProps {
	model: TuiModel;
	/** Progress as read at start-up (so the first frame needs no second read). */
	progress: ProgressFile;
	/** Warnings from start-up, shown on the home screen. */
	notices?: string[];
	/** Milliseconds before the Markdown renderer is loaded in the background; tests pass a large value. */
	preloadDelayMs?: number;
}

interface ScreenArgs {
	model: TuiModel;
	state: UiState;
	progress: ProgressFile;
	dispatch(action: UiAction): void;
	columns: number;
	rows: number;
	/** The screen owns no keys (the help overlay is open, or the terminal is too small to draw it). */
	help: boolean;
}

function screenFor({ model, state, progress, dispatch, columns, rows, help }: ScreenArgs) {
	const route = currentRoute(state);
	const { pack } = model;
	switch (route.screen) {
		case 'home':
			return <Home pack={pack} workspace={model.workspace} progress={progress} state={state} help={help} dispatch={dispatch} columns={columns} rows={rows} />;
		case 'lesson': {
			const index = pack.lessons.findIndex((lesson) => lesson.id === route.lessonId);
			const lesson = pack.lessons[index];
			if (!lesson) return null;
			return (
				<LessonScreen
					lesson={lesson}
					number={index + 1}
					count={pack.lessons.length}
					progress={progress}
					route={route}
					help={help}
					dispatch={dispatch}
					columns={columns}
					rows={rows}
				/>
			);
		}
		case 'exercise': {
			const exercise = findExercise(pack, route.exerciseId);
			const lesson = pack.lessons.find((candidate) => candidate.id === exercise?.lessonId);
			if (!exercise || !lesson) return null;
			return (
				<ExerciseScreen
					// One screen per exercise: n/p to another exercise starts a fresh loop, results and hints.
					key={exercise.id}
					model={model}
					exercise={exercise}
					lesson={lesson}
					workspace={model.workspace}
					progress={progress}
					route={route}
					help={help}
					dispatch={dispatch}
					columns={columns}
					rows={rows}
				/>
			);
		}
		case 'demo':
			return <DemoScreen key={route.demoId} demoId={route.demoId} help={help} dispatch={dispatch} columns={columns} rows={rows} />;
	}
}

const keyAction = (input: string, key: Key): UiAction | KeyAction => ({ type: 'key', input, key });

export function App({ model, progress: initialProgress, notices = [], preloadDelayMs = 300 }: AppProps) {
	const [state, reactDispatch] = useReducer(appReducer, notices, initialState);
	const [progress, setProgress] = useState(initialProgress);
	const { columns, rows } = useTerminalSize();
	const { exit } = useApp();
	const route = currentRoute(state);
	const exerciseId = route.screen === 'exercise' ? route.exerciseId : undefined;

	const tooSmall = tooSmallText(columns, rows);
	// The one subscription to Ink's keys: each goes to the screen's handlers, then to the global keys,
	// once the screen the previous keys led to is drawn (screen-keys.tsx). While the terminal is too
	// small nothing is drawn, so no key acts unseen (Ctrl+C, Ink's, still quits); the subscription
	// stays, keeping the terminal in raw mode so keys do not echo.
	const { dispatch, keyBus } = useKeyRouting<UiState, UiAction | KeyAction>(state, reactDispatch, appReducer, keyAction, !tooSmall);

	useEffect(() => {
		if (state.quitting) exit();
	}, [state.quitting, exit]);

	// Progress changes outside this screen (a verify in another terminal, a hint): re-read it on
	// every move between screens, and when a screen says it changed it (a graded run, a hint). It is
	// one small file.
	// biome-ignore lint/correctness/useExhaustiveDependencies: re-read on those moves only, not on every progress it sets itself
	useEffect(() => {
		if (state.stack.length === 1 && state.progressVersion === 0 && initialProgress === progress) return;
		setProgress(model.loadProgress((text) => dispatch({ type: 'notice', text })));
	}, [state.stack.length, state.progressVersion, exerciseId]);

	useEffect(() => model.onWarning?.((text) => dispatch({ type: 'notice', text })), [model, dispatch]);

	useEffect(() => {
		if (exerciseId) model.markSeen(exerciseId);
	}, [exerciseId, model]);

	// The lesson screen needs marked and highlight.js, and lists the live demos; load them while the
	// learner reads the home screen.
	useEffect(() => {
		const timer = setTimeout(() => {
			void preloadMarkdown();
			void preloadDemos();
		}, preloadDelayMs);
		return () => clearTimeout(timer);
	}, [preloadDelayMs]);
	// On a demo's screen the registry has loaded (the screen needed it): its help lists the demo's keys.
	const demos = loadedDemos();
	const demo = route.screen === 'demo' && demos ? findDemo(demos, route.demoId) : undefined;

	const args = { model, state, progress, dispatch, columns, rows, help: state.help || tooSmall !== undefined };
	return (
		<KeyBusContext.Provider value={keyBus}>
			<Box flexDirection="column">
				{/* The screen stays mounted under the help overlay and the too-small sentence (display none), so its state survives. */}
				<Box display={state.help || tooSmall ? 'none' : 'flex'} flexDirection="column">
					{screenFor(args)}
				</Box>
				{tooSmall ? (
					<Box width={columns} paddingX={1}>
						<Text>{tooSmall}</Text>
					</Box>
				) : state.help ? (
					<Frame title="Help" keys="? q Esc close help" columns={columns} rows={rows}>
						<Box height={bodyHeight(rows)} flexDirection="column" overflow="hidden">
							<HelpOverlay help={helpFor(route)} keys={demo?.keys} />
						</Box>
					</Frame>
				) : null}
			</Box>
		</KeyBusContext.Provider>
	);
}
