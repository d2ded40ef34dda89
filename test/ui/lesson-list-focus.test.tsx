// The lesson's exercise list keeps its place on screen while it has focus: an Enter pressed while the
// lesson text is still loading (issue 18, item 13a), and a resize that moves the list (item 13b).
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPack } from '../../source/lessons/load.js';
import { App } from '../../source/ui/app.js';
import { shellPack } from '../helpers/paths.js';
import { fakeModel } from '../helpers/fake-model.js';
import { fits, frame, KEY, press, resize, showing, until } from '../helpers/frames.js';

// The Markdown renderer loads only when the test lets it: the lesson is still "Loading…" on its first frames.
const gate = vi.hoisted(() => {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
});
vi.mock('../../source/ui/markdown.js', async (importOriginal) => {
	await gate.opened;
	return importOriginal();
});

function setup(rows: number, columns: number) {
	const fake = fakeModel({ pack: loadPack(shellPack) });
	const app = render(<App model={fake.model} progress={fake.model.loadProgress(() => {})} preloadDelayMs={1e9} />);
	resize(app, rows, columns);
	return app;
}

afterEach(() => cleanup());

describe('the exercise list while it has focus', () => {
	it('an Enter pressed while the lesson loads still shows the list once the text is there (13a)', async () => {
		const app = setup(24, 80);
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		await showing(app, 'Loading the lesson…');
		await press(app, KEY.enter);
		await showing(app, '› 1. Say hello');
		gate.open();
		await vi.waitFor(() => expect(frame(app)).not.toContain('Loading the lesson…'), { timeout: 15_000, interval: 10 });
		const current = await showing(app, '· end');
		expect(current).toContain('› 1. Say hello');
		await press(app, KEY.enter);
		await showing(app, 'TASK-TEXT-HELLO');
	});

	it('an Enter that arrives before the new screen has drawn is not lost (13a)', async () => {
		gate.open();
		const app = setup(24, 80);
		await showing(app, 'Lessons');
		await press(app, KEY.down, KEY.up);
		// The second press is read after the lesson is drawn (React draws in a microtask) but before
		// React has run its effects, where Ink's useInput subscribes: the gap a busy machine widens.
		app.stdin.write(KEY.enter);
		await Promise.resolve();
		await Promise.resolve();
		app.stdin.write(KEY.enter);
		const current = await showing(app, '› 1. Say hello');
		expect(current).toContain('↑↓ choose · Enter open');
	});

	it('after a resize the chosen exercise is still on screen (13b)', async () => {
		gate.open();
		const app = setup(50, 160);
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, KEY.tab);
		await showing(app, '› 1. Say hello');
		for (const [rows, columns] of [[24, 80], [30, 100], [24, 80]] as const) {
			// A frame drawn after the resize and laid out for the new size, not the one before it.
			const drawn = app.frames.length;
			resize(app, rows, columns);
			const laidOut = (f: string) => f.split('\n').length < rows && f.split('\n').every((line) => line.length <= columns);
			const current = await until(app, (f) => app.frames.length > drawn && laidOut(f) && f.includes('› 1. Say hello'), `a ${columns}×${rows} frame`);
			fits(current, rows, columns);
		}
		await press(app, KEY.down);
		await showing(app, '› 2. Count in a worker');
	});
});
