// Screen state of the TUI as a pure reducer: which screen is showing (a stack, so "back" returns to
// exactly where the learner was, scroll position included), whether the help overlay is open, and
// what each screen has selected. Screens only render this state and dispatch actions.

export type LessonFocus = 'text' | 'exercises';

/** What the exercise screen shows instead of the task: the last run's timeline, or the reference solution. */
export type ExerciseView = 'timeline' | 'solution';

/** A question the exercise screen is asking (y/n) before it acts. */
export type ExerciseConfirm = 'reset' | 'solution';

export type Route =
	| { screen: 'home' }
	/** `selected` counts the lesson's exercises first, then its live demos. */
	| { screen: 'lesson'; lessonId: string; offset: number; focus: LessonFocus; selected: number }
	| {
			screen: 'exercise';
			exerciseId: string;
			offset: number;
			/** Shown over the task (q and Esc close it before they leave the exercise). */
			view?: ExerciseView;
			viewOffset?: number;
			/** A pending y/n question (q and Esc answer no). */
			confirm?: ExerciseConfirm;
	  }
	| { screen: 'demo'; demoId: string };

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
	/** Bumped when a screen changed the saved progress (a graded run, a hint): the App reads it again. */
	progressVersion: number;
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
	| { type: 'notice'; text: string }
	/** n/p on the exercise screen: this exercise instead (the lesson under it follows when it differs). */
	| { type: 'goto-exercise'; exerciseId: string; lessonId: string; index: number }
	/** Opens a view over the task, or closes it (view undefined). */
	| { type: 'exercise-view'; view?: ExerciseView }
	/** New offset of the view's pager. */
	| { type: 'view-scroll'; offset: number }
	/** Asks a y/n question, or clears it (confirm undefined). */
	| { type: 'exercise-confirm'; confirm?: ExerciseConfirm }
	/** q or Esc while a question or a view is open: clears the question, else closes the view. */
	| { type: 'exercise-dismiss' }
	| { type: 'progress-changed' }
	| { type: 'open-demo'; demoId: string };

export function initialState(notices: string[] = []): UiState {
	return { stack: [{ screen: 'home' }], help: false, homeIndex: 0, notices, quitting: false, progressVersion: 0 };
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
		// Each open belongs to one screen: a key handler of a screen that is already gone (its
		// unsubscription is still pending in React) must not open a second copy over the first.
		case 'open-lesson':
			if (top.screen !== 'home') return state;
			return {
				...state,
				help: false,
				notices: [],
				stack: [...state.stack, { screen: 'lesson', lessonId: action.lessonId, offset: 0, focus: 'text', selected: 0 }],
			};
		case 'open-exercise':
			if (top.screen !== 'lesson') return state;
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
			if (top.screen === 'home' || top.screen === 'demo' || top.offset === action.offset) return state;
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
		case 'goto-exercise': {
			if (top.screen !== 'exercise') return state;
			const below = state.stack[state.stack.length - 2];
			const stack = state.stack.slice(0, -2);
			if (below?.screen === 'lesson') {
				stack.push(
					below.lessonId === action.lessonId
						? { ...below, selected: Math.max(0, action.index) }
						: { screen: 'lesson', lessonId: action.lessonId, offset: 0, focus: 'text', selected: Math.max(0, action.index) },
				);
			} else if (below) stack.push(below);
			return { ...state, help: false, stack: [...stack, { screen: 'exercise', exerciseId: action.exerciseId, offset: 0 }] };
		}
		case 'exercise-view': {
			if (top.screen !== 'exercise') return state;
			const { view: _view, viewOffset: _offset, confirm: _confirm, ...rest } = top;
			return replaceTop(state, action.view ? { ...rest, view: action.view, viewOffset: 0 } : rest);
		}
		case 'view-scroll':
			if (top.screen !== 'exercise' || !top.view || top.viewOffset === action.offset) return state;
			return replaceTop(state, { ...top, viewOffset: Math.max(0, action.offset) });
		case 'exercise-confirm': {
			if (top.screen !== 'exercise') return state;
			const { confirm: _confirm, ...rest } = top;
			return replaceTop(state, action.confirm ? { ...rest, confirm: action.confirm } : rest);
		}
		case 'exercise-dismiss': {
			if (top.screen !== 'exercise') return state;
			const { confirm, view: _view, viewOffset: _offset, ...rest } = top;
			if (confirm) {
				const { confirm: _c, ...withoutConfirm } = top;
				return replaceTop(state, withoutConfirm);
			}
			return top.view ? replaceTop(state, rest) : state;
		}
		case 'progress-changed':
			return { ...state, progressVersion: state.progressVersion + 1 };
		case 'open-demo':
			if (top.screen !== 'lesson') return state;
			return { ...state, help: false, stack: [...state.stack, { screen: 'demo', demoId: action.demoId }] };
	}
}
