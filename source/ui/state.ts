// Screen state of the TUI as a pure reducer: which screen is showing (a stack, so "back" returns to
// exactly where the learner was, scroll position included), whether the help overlay is open, and
// what each screen has selected. Screens only render this state and dispatch actions.

export type LessonFocus = 'text' | 'exercises';

export type Route =
	| { screen: 'home' }
	| { screen: 'lesson'; lessonId: string; offset: number; focus: LessonFocus; selected: number }
	| { screen: 'exercise'; exerciseId: string; offset: number };

export type Screen = Route['screen'];

export interface UiState {
	/** Never empty; the first entry is always home. */
	stack: Route[];
	help: boolean;
	/** Lesson highlighted on the home screen, kept while the learner is elsewhere. */
	homeIndex: number;
	/** Messages for the learner (e.g. a progress file that was moved aside), shown on the home screen. */
	notices: string[];
	quitting: boolean;
}

export type UiAction =
	| { type: 'open-lesson'; lessonId: string }
	| { type: 'open-exercise'; exerciseId: string }
	| { type: 'back' }
	| { type: 'quit' }
	| { type: 'toggle-help' }
	| { type: 'close-help' }
	/** New pager offset of the current screen (already clamped by the pager). */
	| { type: 'scroll'; offset: number }
	| { type: 'lesson-focus'; focus: LessonFocus; offset?: number }
	| { type: 'select-exercise'; index: number }
	| { type: 'home-highlight'; index: number }
	| { type: 'dismiss-notices' }
	| { type: 'notice'; text: string };

export function initialState(notices: string[] = []): UiState {
	return { stack: [{ screen: 'home' }], help: false, homeIndex: 0, notices, quitting: false };
}

export function currentRoute(state: UiState): Route {
	return state.stack[state.stack.length - 1]!;
}

function replaceTop(state: UiState, route: Route): UiState {
	return { ...state, stack: [...state.stack.slice(0, -1), route] };
}

export function reduce(state: UiState, action: UiAction): UiState {
	const top = currentRoute(state);
	switch (action.type) {
		case 'open-lesson':
			return {
				...state,
				help: false,
				notices: [],
				stack: [...state.stack, { screen: 'lesson', lessonId: action.lessonId, offset: 0, focus: 'text', selected: 0 }],
			};
		case 'open-exercise':
			return { ...state, help: false, stack: [...state.stack, { screen: 'exercise', exerciseId: action.exerciseId, offset: 0 }] };
		case 'back':
			if (state.help) return { ...state, help: false };
			if (state.stack.length === 1) return state;
			return { ...state, stack: state.stack.slice(0, -1) };
		case 'quit':
			return { ...state, quitting: true };
		case 'toggle-help':
			return { ...state, help: !state.help };
		case 'close-help':
			return { ...state, help: false };
		case 'scroll':
			if (top.screen === 'home' || top.offset === action.offset) return state;
			return replaceTop(state, { ...top, offset: Math.max(0, action.offset) });
		case 'lesson-focus':
			if (top.screen !== 'lesson') return state;
			return replaceTop(state, { ...top, focus: action.focus, offset: action.offset ?? top.offset });
		case 'select-exercise':
			if (top.screen !== 'lesson') return state;
			return replaceTop(state, { ...top, selected: Math.max(0, action.index) });
		case 'home-highlight':
			return { ...state, homeIndex: Math.max(0, action.index) };
		case 'dismiss-notices':
			return state.notices.length === 0 ? state : { ...state, notices: [] };
		case 'notice':
			return state.notices.includes(action.text) ? state : { ...state, notices: [...state.notices, action.text] };
	}
}
