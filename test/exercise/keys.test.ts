// The exercise screen's keys as keys.ts reads them (the screen carries each intent out through the
// exercise service): a question takes only y and n, a view only the key that opened it.
import { describe, expect, it } from 'vitest';
import { exerciseIntent } from '../../source/ui/keys.js';

describe('exercise keys', () => {
	it('maps the screen’s letters and Enter, and leaves modifiers and other keys alone', () => {
		const on = {};
		expect(['e', 'v', 'h', 't', 'r', 's', 'n', 'p'].map((input) => exerciseIntent(input, {}, on))).toEqual([
			'edit',
			'verify',
			'hint',
			'timeline',
			'reset',
			'solution',
			'next',
			'previous',
		]);
		expect(exerciseIntent('', { return: true }, on)).toBe('verify');
		expect(exerciseIntent('h', { ctrl: true }, on)).toBeUndefined();
		expect(exerciseIntent('h', { meta: true }, on)).toBeUndefined();
		// q and ? are the App's.
		expect(exerciseIntent('q', {}, on)).toBeUndefined();
		expect(exerciseIntent('?', {}, on)).toBeUndefined();
	});

	it('under a question only y and n; over a view only the key that opened it', () => {
		expect(exerciseIntent('y', {}, { confirm: 'reset' })).toBe('yes');
		expect(exerciseIntent('n', {}, { confirm: 'solution' })).toBe('no');
		expect(exerciseIntent('h', {}, { confirm: 'reset' })).toBeUndefined();
		expect(exerciseIntent('t', {}, { view: 'timeline' })).toBe('close-view');
		expect(exerciseIntent('s', {}, { view: 'timeline' })).toBeUndefined();
		expect(exerciseIntent('s', {}, { view: 'solution' })).toBe('close-view');
		expect(exerciseIntent('', { return: true }, { view: 'solution' })).toBeUndefined();
	});
});
