// The TUI's logic without rendering: the screen reducer, the global keys, the pager arithmetic and
// the ANSI-aware wrapping that keeps every frame inside the terminal.
import { describe, expect, it } from 'vitest';
import { appReducer, globalAction } from '../../source/ui/keys.js';
import { applyMove, clampOffset, offsetShowing, pagerMove, pagerStatus } from '../../source/ui/pager.js';
import { currentRoute, initialState, reduce, type UiState } from '../../source/ui/state.js';
import { fitColumns, renderTable } from '../../source/ui/table.js';
import { visibleWidth, wrapLine, wrapText } from '../../source/ui/wrap.js';

const run = (state: UiState, ...actions: Parameters<typeof reduce>[1][]) => actions.reduce(reduce, state);

describe('screen reducer', () => {
	it('starts at home with the notices it was given', () => {
		const state = initialState(['moved aside']);
		expect(currentRoute(state)).toEqual({ screen: 'home' });
		expect(state).toMatchObject({ help: false, homeIndex: 0, notices: ['moved aside'], quitting: false });
	});

	it('opens a lesson, then an exercise, and goes back to exactly where the learner was', () => {
		let state = run(initialState(['note']), { type: 'home-highlight', index: 1 }, { type: 'open-lesson', lessonId: 'shared-state' });
		expect(currentRoute(state)).toEqual({ screen: 'lesson', lessonId: 'shared-state', offset: 0, focus: 'text', selected: 0 });
		expect(state.notices).toEqual([]);
		state = run(state, { type: 'scroll', offset: 12 }, { type: 'lesson-focus', focus: 'exercises', offset: 30 }, { type: 'select-exercise', index: 2 });
		expect(currentRoute(state)).toMatchObject({ offset: 30, focus: 'exercises', selected: 2 });
		state = run(state, { type: 'open-exercise', exerciseId: 'locked-counter' }, { type: 'scroll', offset: 4 });
		expect(currentRoute(state)).toEqual({ screen: 'exercise', exerciseId: 'locked-counter', offset: 4 });
		state = reduce(state, { type: 'back' });
		expect(currentRoute(state)).toMatchObject({ screen: 'lesson', offset: 30, focus: 'exercises', selected: 2 });
		state = reduce(state, { type: 'back' });
		expect(currentRoute(state)).toEqual({ screen: 'home' });
		expect(state.homeIndex).toBe(1);
		expect(reduce(state, { type: 'back' })).toBe(state);
	});

	it('closes the help overlay before going back, and ignores screen actions that do not apply', () => {
		const lesson = run(initialState(), { type: 'open-lesson', lessonId: 'a' });
		const withHelp = reduce(lesson, { type: 'toggle-help' });
		expect(withHelp.help).toBe(true);
		expect(currentRoute(reduce(withHelp, { type: 'back' }))).toEqual(currentRoute(lesson));
		const home = initialState();
		expect(reduce(home, { type: 'scroll', offset: 3 })).toBe(home);
		expect(reduce(home, { type: 'select-exercise', index: 3 })).toBe(home);
		expect(reduce(home, { type: 'lesson-focus', focus: 'exercises' })).toBe(home);
	});

	it('keeps notices unique and quits on request', () => {
		const state = run(initialState(), { type: 'notice', text: 'a' }, { type: 'notice', text: 'a' }, { type: 'quit' });
		expect(state.notices).toEqual(['a']);
		expect(state.quitting).toBe(true);
	});
});

describe('global keys', () => {
	const home = initialState();
	const lesson = reduce(home, { type: 'open-lesson', lessonId: 'a' });

	it('q quits at home and goes back elsewhere; Esc goes back but never quits', () => {
		expect(globalAction('q', {}, home)).toEqual({ type: 'quit' });
		expect(globalAction('q', {}, lesson)).toEqual({ type: 'back' });
		expect(globalAction('', { escape: true }, lesson)).toEqual({ type: 'back' });
		expect(globalAction('', { escape: true }, home)).toBeUndefined();
	});

	it('? opens help; while it is open only ?, q and Esc act, and all of them close it', () => {
		expect(globalAction('?', {}, home)).toEqual({ type: 'toggle-help' });
		const help = reduce(home, { type: 'toggle-help' });
		for (const [input, key] of [['?', {}], ['q', {}], ['', { escape: true }]] as const) {
			expect(globalAction(input, key, help)).toEqual({ type: 'close-help' });
		}
		expect(globalAction('j', {}, help)).toBeUndefined();
	});

	it('leaves screen keys and Ctrl combinations alone', () => {
		for (const input of ['j', 'k', ' ', 'g', 'G', '1']) expect(globalAction(input, {}, lesson)).toBeUndefined();
		expect(globalAction('q', { ctrl: true }, lesson)).toBeUndefined();
	});

	it('resolves two quick presses of q against the latest state: back, then quit', () => {
		const after = [{ type: 'key', input: 'q', key: {} }, { type: 'key', input: 'q', key: {} }].reduce(
			(state, action) => appReducer(state, action as Parameters<typeof appReducer>[1]),
			lesson,
		);
		expect(currentRoute(after)).toEqual({ screen: 'home' });
		expect(after.quitting).toBe(true);
	});
});

describe('pager', () => {
	it('maps ↑/↓, j/k, space/b, PgUp/PgDn, g/G and Home/End', () => {
		expect(pagerMove('', { downArrow: true })).toBe('line-down');
		expect(pagerMove('j', {})).toBe('line-down');
		expect(pagerMove('', { upArrow: true })).toBe('line-up');
		expect(pagerMove('k', {})).toBe('line-up');
		expect(pagerMove(' ', {})).toBe('page-down');
		expect(pagerMove('', { pageDown: true })).toBe('page-down');
		expect(pagerMove('b', {})).toBe('page-up');
		expect(pagerMove('', { pageUp: true })).toBe('page-up');
		expect(pagerMove('g', {})).toBe('top');
		expect(pagerMove('', { home: true })).toBe('top');
		expect(pagerMove('G', {})).toBe('bottom');
		expect(pagerMove('', { end: true })).toBe('bottom');
		expect(pagerMove('q', {})).toBeUndefined();
		expect(pagerMove('j', { ctrl: true })).toBeUndefined();
	});

	it('moves within the text and never past its end', () => {
		// 100 lines in a 20-row window: the last offset is 80, a page is 19 rows.
		expect(applyMove(0, 'line-down', 100, 20)).toBe(1);
		expect(applyMove(0, 'line-up', 100, 20)).toBe(0);
		expect(applyMove(0, 'page-down', 100, 20)).toBe(19);
		expect(applyMove(70, 'page-down', 100, 20)).toBe(80);
		expect(applyMove(30, 'page-up', 100, 20)).toBe(11);
		expect(applyMove(30, 'top', 100, 20)).toBe(0);
		expect(applyMove(0, 'bottom', 100, 20)).toBe(80);
		expect(applyMove(0, 'bottom', 10, 20)).toBe(0);
		expect(clampOffset(95, 100, 30)).toBe(70);
	});

	it('scrolls as little as it takes to show a span, its start first when it does not fit', () => {
		expect(offsetShowing(0, 5, 10, 20)).toBe(0); // already shown
		expect(offsetShowing(0, 30, 40, 20)).toBe(20); // below: its end comes to the bottom row
		expect(offsetShowing(50, 30, 40, 20)).toBe(30); // above: its start comes to the top row
		expect(offsetShowing(0, 30, 80, 20)).toBe(30); // taller than the window: its start
	});

	it('says where the reader is in words', () => {
		expect(pagerStatus(0, 10, 20)).toBe('all shown');
		expect(pagerStatus(0, 100, 20)).toBe('lines 1–20 of 100 · 20%');
		expect(pagerStatus(80, 100, 20)).toBe('lines 81–100 of 100 · end');
	});
});

describe('wrapping styled text', () => {
	const red = (text: string) => `\u001B[31m${text}\u001B[39m`;

	it('measures text without its escape sequences, wide characters as two columns', () => {
		expect(visibleWidth(red('abc'))).toBe(3);
		expect(visibleWidth('界界')).toBe(4);
		expect(visibleWidth('\u001B]8;;https://x.dev\u0007link\u001B]8;;\u0007')).toBe(4);
	});

	it('leaves short lines alone and splits long ones, closing and reopening the style', () => {
		expect(wrapLine(red('short'), 10)).toEqual([red('short')]);
		const rows = wrapLine(`${red('abcdef')}gh`, 4);
		expect(rows.map(visibleWidth)).toEqual([4, 4]);
		expect(rows[0]).toBe('\u001B[31mabcd\u001B[0m');
		expect(rows[1]).toBe('\u001B[31mef\u001B[39mgh');
	});

	it('breaks at the last space of a row when there is one, keeping the style across the break', () => {
		expect(wrapLine('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
		expect(wrapLine('aaaa bbbbbbbbbbbb', 6)).toEqual(['aaaa', 'bbbbbb', 'bbbbbb']);
		const rows = wrapLine(`one ${red('two three')} four`, 9);
		expect(rows.map((row) => row.replace(/\u001B\[[0-9;]*m/g, ''))).toEqual(['one two', 'three', 'four']);
		expect(rows[1]).toBe('\u001B[31mthree\u001B[39m');
	});

	it('indents the rows after the first by the hanging indent (wrapped code stays in its block)', () => {
		expect(wrapLine('    call(a, b, c, d)', 12, 4)).toEqual(['    call(a,', '    b, c, d)']);
		expect(wrapText('  xxxxxxxxxx', 8)).toEqual(['  xxxxxx', '  xxxx']);
	});

	it('splits text into rows, expanding tabs and dropping carriage returns', () => {
		expect(wrapText('a\tb\r\n0123456789', 5)).toEqual(['a    b', '01234', '56789'].flatMap((row) => wrapLine(row, 5)));
	});
});

describe('tables', () => {
	it('keeps natural widths that fit, and shares the room fairly when they do not', () => {
		expect(fitColumns([5, 10], 20)).toEqual([5, 10]);
		expect(fitColumns([5, 40, 40], 45)).toEqual([5, 20, 20]);
		expect(fitColumns([30, 30, 30], 20)).toBeUndefined();
	});

	it('draws a grid within the width, wrapping cells by word', () => {
		const lines = renderTable(['name', 'meaning'], [['pid', 'a number naming the process while it runs']], 30);
		for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(30);
		expect(lines[0]).toMatch(/^┌─+┬─+┐$/);
		expect(lines[1]).toMatch(/^│ name +│ meaning +│$/);
		expect(lines.slice(3, -1).map((line) => line.split('│')[2]!.trim()).join(' ')).toBe('a number naming the process while it runs');
		expect(lines.at(-1)).toMatch(/^└─+┴─+┘$/);
	});

	it('rules only under the header when no cell wraps', () => {
		expect(renderTable(['a', 'b'], [['1', '2'], ['3', '4']], 40)).toEqual([
			'┌───┬───┐',
			'│ a │ b │',
			'├───┼───┤',
			'│ 1 │ 2 │',
			'│ 3 │ 4 │',
			'└───┴───┘',
		]);
	});

	it('falls back to "header: value" lines when the columns cannot fit', () => {
		const header = ['one', 'two', 'three', 'four'];
		expect(renderTable(header, [['alpha', 'beta', 'gamma', 'delta']], 20)).toEqual(['one: alpha', 'two: beta', 'three: gamma', 'four: delta']);
	});
});
