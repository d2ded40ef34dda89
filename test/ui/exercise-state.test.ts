// The exercise loop's screen state as a pure reducer: views over the task (timeline, solution), y/n
// questions, n/p across lessons, progress reloads, the demo route; and the global q/Esc that close a
// question or a view before they leave the exercise.
import { describe, expect, it } from 'vitest';
import { appReducer, globalAction, helpFor } from '../../source/ui/keys.js';
import { currentRoute, initialState, reduce, type UiAction, type UiState } from '../../source/ui/state.js';

const run = (state: UiState, ...actions: UiAction[]) => actions.reduce(reduce, state);

const inExercise = () =>
	run(
		initialState(),
		{ type: 'open-lesson', lessonId: 'first-steps' },
		{ type: 'lesson-focus', focus: 'exercises', offset: 40 },
		{ type: 'open-exercise', exerciseId: 'hello' },
	);

describe('exercise views and questions', () => {
	it('opens a view with its own offset, scrolls it, and closes it back to the task where it was', () => {
		let state = run(inExercise(), { type: 'scroll', offset: 7 }, { type: 'exercise-view', view: 'timeline' });
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'hello', offset: 7, view: 'timeline', viewOffset: 0 });
		state = reduce(state, { type: 'view-scroll', offset: 12 });
		expect(currentRoute(state)).toMatchObject({ view: 'timeline', viewOffset: 12, offset: 7 });
		state = reduce(state, { type: 'exercise-view' });
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'hello', offset: 7 });
		// Without a view there is nothing to scroll.
		expect(reduce(state, { type: 'view-scroll', offset: 3 })).toBe(state);
	});

	it('asks a question and clears it; opening a view clears a question', () => {
		let state = reduce(inExercise(), { type: 'exercise-confirm', confirm: 'reset' });
		expect(currentRoute(state)).toMatchObject({ confirm: 'reset' });
		expect(currentRoute(reduce(state, { type: 'exercise-confirm' }))).toEqual({ screen: 'exercise', exerciseId: 'hello', offset: 0 });
		state = run(state, { type: 'exercise-confirm', confirm: 'solution' }, { type: 'exercise-view', view: 'solution' });
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'hello', offset: 0, view: 'solution', viewOffset: 0 });
	});

	it('dismiss clears the question first, then the view, then does nothing', () => {
		let state = run(inExercise(), { type: 'exercise-view', view: 'timeline' }, { type: 'exercise-confirm', confirm: 'reset' });
		// A question over a view is not possible from the keys (the view owns them), but the order holds.
		state = reduce(state, { type: 'exercise-dismiss' });
		expect(currentRoute(state)).toMatchObject({ view: 'timeline' });
		expect(currentRoute(state)).not.toHaveProperty('confirm');
		state = reduce(state, { type: 'exercise-dismiss' });
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'hello', offset: 0 });
		expect(reduce(state, { type: 'exercise-dismiss' })).toBe(state);
	});

	it('ignores exercise actions on other screens', () => {
		const lesson = reduce(initialState(), { type: 'open-lesson', lessonId: 'a' });
		for (const action of [
			{ type: 'exercise-view', view: 'timeline' },
			{ type: 'exercise-confirm', confirm: 'reset' },
			{ type: 'exercise-dismiss' },
			{ type: 'view-scroll', offset: 2 },
			{ type: 'goto-exercise', exerciseId: 'x', lessonId: 'a', index: 0 },
		] as UiAction[]) {
			expect(reduce(lesson, action)).toBe(lesson);
		}
	});
});

describe('next and previous exercise', () => {
	it('replaces the exercise in the same lesson and keeps the lesson where it was, with the new one chosen', () => {
		const state = run(inExercise(), { type: 'exercise-view', view: 'timeline' }, { type: 'goto-exercise', exerciseId: 'count-up', lessonId: 'first-steps', index: 1 });
		expect(state.stack).toHaveLength(3);
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'count-up', offset: 0 });
		expect(state.stack[1]).toEqual({ screen: 'lesson', lessonId: 'first-steps', offset: 40, focus: 'exercises', selected: 1 });
	});

	it('crossing into another lesson puts that lesson under the exercise, so back goes there', () => {
		let state = reduce(inExercise(), { type: 'goto-exercise', exerciseId: 'locked-counter', lessonId: 'shared-state', index: 0 });
		expect(state.stack.map((route) => route.screen)).toEqual(['home', 'lesson', 'exercise']);
		expect(state.stack[1]).toEqual({ screen: 'lesson', lessonId: 'shared-state', offset: 0, focus: 'text', selected: 0 });
		state = reduce(state, { type: 'back' });
		expect(currentRoute(state)).toMatchObject({ screen: 'lesson', lessonId: 'shared-state' });
	});
});

describe('progress reloads and demos', () => {
	it('counts progress changes so the App reads the file again', () => {
		const state = run(initialState(), { type: 'progress-changed' }, { type: 'progress-changed' });
		expect(state.progressVersion).toBe(2);
	});

	it('opens a demo over its lesson; back returns to the lesson; scroll does not apply', () => {
		let state = run(initialState(), { type: 'open-lesson', lessonId: 'a' }, { type: 'toggle-help' }, { type: 'open-demo', demoId: 'theatre' });
		expect(currentRoute(state)).toEqual({ screen: 'demo', demoId: 'theatre' });
		expect(state.help).toBe(false);
		expect(reduce(state, { type: 'scroll', offset: 3 })).toBe(state);
		state = reduce(state, { type: 'back' });
		expect(currentRoute(state)).toMatchObject({ screen: 'lesson', lessonId: 'a' });
	});
});

describe('global keys on the exercise screen', () => {
	it('q and Esc answer a question or close a view before they leave the exercise', () => {
		const question = reduce(inExercise(), { type: 'exercise-confirm', confirm: 'reset' });
		const view = reduce(inExercise(), { type: 'exercise-view', view: 'solution' });
		for (const state of [question, view]) {
			expect(globalAction('q', {}, state)).toEqual({ type: 'exercise-dismiss' });
			expect(globalAction('', { escape: true }, state)).toEqual({ type: 'exercise-dismiss' });
		}
		expect(globalAction('q', {}, inExercise())).toEqual({ type: 'back' });
		// The help overlay still comes first.
		const help = reduce(view, { type: 'toggle-help' });
		expect(globalAction('', { escape: true }, help)).toEqual({ type: 'close-help' });
	});

	it('two quick presses of q: close the timeline, then back to the lesson', () => {
		const after = [
			{ type: 'key', input: 'q', key: {} },
			{ type: 'key', input: 'q', key: {} },
		].reduce((state, action) => appReducer(state, action as Parameters<typeof appReducer>[1]), reduce(inExercise(), { type: 'exercise-view', view: 'timeline' }));
		expect(currentRoute(after)).toMatchObject({ screen: 'lesson', lessonId: 'first-steps' });
	});

	it('q on a demo goes back to the lesson', () => {
		const demo = run(initialState(), { type: 'open-lesson', lessonId: 'a' }, { type: 'open-demo', demoId: 'race' });
		expect(globalAction('q', {}, demo)).toEqual({ type: 'back' });
	});
});

describe('help for what is on screen (issue 18, item 13e)', () => {
	it('a view over the exercise lists its own keys, the exercise its own', () => {
		const exercise = inExercise();
		expect(helpFor(currentRoute(exercise)).title).toBe('Exercise');
		for (const view of ['timeline', 'solution'] as const) {
			const help = helpFor(currentRoute(reduce(exercise, { type: 'exercise-view', view })));
			expect(help.keys.map((key) => key.does)).not.toContain('edit your file in $VISUAL or $EDITOR');
			expect(help.keys.map((key) => key.does)).toContain('back to the exercise');
		}
	});
});

describe('opening screens (issue 18, item 13a)', () => {
	it('opens a lesson only from home, an exercise or demo only from a lesson: a stale key cannot open a second copy', () => {
		const lesson = reduce(initialState(), { type: 'open-lesson', lessonId: 'first-steps' });
		expect(reduce(lesson, { type: 'open-lesson', lessonId: 'first-steps' })).toBe(lesson);
		const exercise = inExercise();
		expect(reduce(exercise, { type: 'open-exercise', exerciseId: 'hello' })).toBe(exercise);
		expect(reduce(exercise, { type: 'open-demo', demoId: 'theatre' })).toBe(exercise);
		expect(reduce(exercise, { type: 'open-lesson', lessonId: 'first-steps' })).toBe(exercise);
	});
});
