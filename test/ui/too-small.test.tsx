// Below 80×24 the tutor says the terminal is too small instead of drawing a cut screen, and carries on
// where the learner was once it is large enough again (issue 18, item 13i).
import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../source/lessons/load.js';
import { App } from '../../source/ui/app.js';
import { preloadMarkdown } from '../../source/ui/hooks.js';
import { tooSmallText } from '../../source/ui/too-small.js';
import { shellPack } from '../helpers/paths.js';
import { fakeModel } from '../helpers/fake-model.js';
import { fits, frame, gone, KEY, press, resize, showing } from '../helpers/frames.js';

beforeAll(async () => {
	await preloadMarkdown();
});

afterEach(() => cleanup());

describe('a terminal below 80×24', () => {
	it('gets one sentence with its size and the size needed', () => {
		expect(tooSmallText(80, 24)).toBeUndefined();
		expect(tooSmallText(60, 20)).toBe(
			'The terminal is 60×20, too small for conc-tutor (it needs at least 80×24): make it larger and the tutor carries on where you were, or press Ctrl+C to quit.',
		);
		expect(tooSmallText(100, 23)).toContain('100×23');
	});

	it('shows the sentence instead of a cut screen, ignores keys meanwhile, and carries on after a resize', async () => {
		const fake = fakeModel({ pack: loadPack(shellPack) });
		const app = render(<App model={fake.model} progress={fake.model.loadProgress(() => {})} preloadDelayMs={1e9} />);
		resize(app, 24, 80);
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		await showing(app, 'TOP-OF-LESSON-ONE');
		for (const [rows, columns] of [[20, 60], [24, 79], [23, 160]] as const) {
			resize(app, rows, columns);
			const current = await showing(app, `The terminal is ${columns}×${rows}, too small for conc-tutor`);
			expect(current).not.toContain('TOP-OF-LESSON-ONE');
			fits(current, rows, columns);
		}
		await press(app, 'q');
		resize(app, 24, 80);
		const current = await gone(app, 'too small');
		expect(current).toContain('TOP-OF-LESSON-ONE');
		expect(frame(app)).toContain('First steps');
	});
});
