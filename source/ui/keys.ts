// Which key does what. The App owns the global keys below; each screen owns its own keys and must not
// act on these. That split is what "each key has one owner" means here, and the help overlay is
// generated from the same tables so it cannot drift from the behaviour.
import { currentRoute, reduce, type ExerciseConfirm, type ExerciseView, type Route, type Screen, type UiAction, type UiState } from './state.js';

export interface GlobalKey {
	escape?: boolean;
	ctrl?: boolean;
	meta?: boolean;
}

/** The action for a global key, or undefined when the key belongs to the current screen. */
export function globalAction(input: string, key: GlobalKey, state: UiState): UiAction | undefined {
	const route = currentRoute(state);
	const atHome = route.screen === 'home';
	// On the exercise screen, q and Esc first answer an open question (no) or close a view (timeline,
	// solution); only then do they leave the exercise.
	const layered = route.screen === 'exercise' && (route.confirm !== undefined || route.view !== undefined);
	// Ink reports Escape with meta set, so it is checked before the modifiers are ruled out.
	if (key.escape) {
		if (state.help) return { type: 'close-help' };
		if (layered) return { type: 'exercise-dismiss' };
		return atHome ? undefined : { type: 'back' };
	}
	if (key.ctrl || key.meta) return undefined; // Ctrl+C is Ink's: it exits and restores the terminal.
	if (state.help) return input === '?' || input === 'q' ? { type: 'close-help' } : undefined;
	if (input === '?') return { type: 'toggle-help' };
	if (input === 'q') return layered ? { type: 'exercise-dismiss' } : atHome ? { type: 'quit' } : { type: 'back' };
	return undefined;
}

/** A key press for the App's global keys, resolved against the state at the moment it is reduced. */
export interface KeyAction {
	type: 'key';
	input: string;
	key: GlobalKey;
}

/**
 * The App's reducer: screen actions, plus global keys interpreted against the latest state (two
 * quick presses of q must see each other's effect, which a closure over the rendered state would not).
 */
export function appReducer(state: UiState, action: UiAction | KeyAction): UiState {
	if (action.type !== 'key') return reduce(state, action);
	const resolved = globalAction(action.input, action.key, state);
	return resolved ? reduce(state, resolved) : state;
}

/** What a key asks of the exercise screen; the screen carries it out through the exercise service. */
export type ExerciseIntent = 'yes' | 'no' | 'close-view' | 'edit' | 'verify' | 'hint' | 'timeline' | 'reset' | 'solution' | 'next' | 'previous';

/**
 * The exercise screen's own keys, for what is on it: a question takes only y and n, a view (timeline,
 * solution) only the key that opened it; q and Esc stay the App's (globalAction).
 */
export function exerciseIntent(
	input: string,
	key: GlobalKey & { return?: boolean },
	on: { confirm?: ExerciseConfirm; view?: ExerciseView },
): ExerciseIntent | undefined {
	if (key.ctrl || key.meta) return undefined;
	if (on.confirm) return input === 'y' ? 'yes' : input === 'n' ? 'no' : undefined;
	if (on.view) return (input === 't' && on.view === 'timeline') || (input === 's' && on.view === 'solution') ? 'close-view' : undefined;
	if (key.return || input === 'v') return 'verify';
	return letterIntents.get(input);
}

const letterIntents = new Map<string, ExerciseIntent>([
	['e', 'edit'],
	['h', 'hint'],
	['t', 'timeline'],
	['r', 'reset'],
	['s', 'solution'],
	['n', 'next'],
	['p', 'previous'],
]);

export interface KeyHelp {
	keys: string;
	does: string;
}

const pagerHelp: KeyHelp[] = [
	{ keys: '↑ ↓  j k', does: 'scroll one line' },
	{ keys: 'space  b  PgDn PgUp', does: 'scroll one page down / up' },
	{ keys: 'g  G  Home End', does: 'go to the top / the end' },
];

export const screenHelp: Record<Screen, ScreenHelp> = {
	home: {
		title: 'Home',
		keys: [
			{ keys: '↑ ↓  j k', does: 'choose a lesson' },
			{ keys: 'Enter', does: 'open the chosen lesson' },
			{ keys: '1 – 9', does: 'open lesson 1 to 9 directly' },
			{ keys: 'q', does: 'quit conc-tutor' },
		],
	},
	lesson: {
		title: 'Lesson',
		keys: [
			...pagerHelp,
			{ keys: 'Tab', does: 'switch between the text and the list at its end' },
			{ keys: 'Enter', does: 'go to the list; on an exercise or demo, open it' },
			{ keys: '↑ ↓  j k  1 – 9', does: 'choose in the list (when the list is selected)' },
			{ keys: 'd', does: 'open the live demo (with several: choose next)' },
			{ keys: 'q  Esc', does: 'back to the lesson list' },
		],
	},
	exercise: {
		title: 'Exercise',
		keys: [
			{ keys: '↑ ↓ j k space b g G', does: 'scroll the task, results and hints' },
			{ keys: 'e', does: 'edit your file in $VISUAL or $EDITOR' },
			{ keys: 'Enter  v', does: 'grade your files now (a save grades too)' },
			{ keys: 'h', does: 'the next hint (for the failed check first)' },
			{ keys: 't', does: "the last run's timeline: what each thread did" },
			{ keys: 'r', does: 'reset to the starter (asks; keeps a backup)' },
			{ keys: 's', does: 'reference solution (after a pass, or 3 tries)' },
			{ keys: 'n  p', does: 'next / previous exercise' },
			{ keys: 'q  Esc', does: 'close a view or question; else back' },
		],
	},
	demo: {
		title: 'Live demo',
		keys: [
			{ keys: 'Enter  space', does: 'start, or go on to the next part' },
			{ keys: 'r', does: 'start over (the running workers are stopped)' },
			{ keys: '1  2', does: 'be the scheduler: step thread 1 or 2' },
			{ keys: 'q  Esc', does: 'stop the demo and go back to the lesson' },
		],
	},
};

export interface ScreenHelp {
	title: string;
	keys: KeyHelp[];
}

/** The views over an exercise own their keys (the exercise's are not active under them). */
export const viewHelp: Record<ExerciseView, ScreenHelp> = {
	timeline: {
		title: 'Timeline',
		keys: [...pagerHelp, { keys: 't  q  Esc', does: 'back to the exercise' }],
	},
	solution: {
		title: 'Reference solution',
		keys: [...pagerHelp, { keys: 's  q  Esc', does: 'back to the exercise' }],
	},
};

/** The keys the help overlay lists for what is on screen: a view's own, else the screen's. */
export function helpFor(route: Route): ScreenHelp {
	return route.screen === 'exercise' && route.view ? viewHelp[route.view] : screenHelp[route.screen];
}

export const globalHelp: KeyHelp[] = [
	{ keys: '?', does: 'show or hide this help' },
	{ keys: 'Ctrl+C', does: 'quit at once, from anywhere' },
];
