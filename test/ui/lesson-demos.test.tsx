// Live demos from their lessons: listed after the exercises (a demo the registry lacks is listed as
// coming, not faked), chosen with ↑/↓ or d, opened on the demo route, q back to the lesson, and the
// help overlay lists the demo's own keys. The demos are not started here (test/demos runs them).
import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../source/lessons/load.js';
import { App } from '../../source/ui/app.js';
import { preloadDemos } from '../../source/ui/demo-list.js';
import { preloadMarkdown } from '../../source/ui/hooks.js';
import { shellPack } from '../helpers/paths.js';
import { fakeModel } from '../helpers/fake-model.js';
import { fits, KEY, lineWith, press, resize, showing, type Rendered } from '../helpers/frames.js';

function setup() {
	const pack = loadPack(shellPack);
	pack.lessons[0]!.demos = ['theatre', 'future-demo'];
	pack.lessons[1]!.demos = ['race'];
	const fake = fakeModel({ pack });
	const app = render(<App model={fake.model} progress={fake.model.loadProgress(() => {})} preloadDelayMs={1e9} />);
	resize(app, 24, 80);
	return app;
}

async function openLesson(app: Rendered, number: 1 | 2, text: string): Promise<void> {
	await showing(app, 'Lessons');
	await press(app, String(number));
	await showing(app, text);
}

beforeAll(async () => {
	await Promise.all([preloadMarkdown(), preloadDemos()]);
});

afterEach(() => cleanup());

describe('live demos in a lesson', () => {
	it('lists them after the exercises; ↓ and d choose one; Enter opens it; q comes back', async () => {
		const app = setup();
		let current: string;
		await openLesson(app, 1, 'TOP-OF-LESSON-ONE');
		await showing(app, 'd demo');
		await press(app, '?');
		current = await showing(app, 'Keys on this screen (Lesson)');
		expect(current).toContain('open the live demo');
		expect(current, 'no help line is cut short').not.toContain('…');
		await press(app, '?');
		await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, KEY.tab);
		current = await showing(app, '── Live demos');
		expect(current).toContain('▶ The theatre: one ticket checker taking turns between two queues');
		expect(current).toContain('▶ future-demo (coming in a later version)');
		fits(current, 24, 80);
		await press(app, KEY.down, KEY.down);
		current = await showing(app, '› ▶ The theatre');
		expect(lineWith(current, 'Say hello')).not.toContain('›');
		await press(app, 'd');
		await showing(app, '› ▶ future-demo');
		await press(app, 'd');
		await showing(app, '› ▶ The theatre');
		await press(app, KEY.enter);
		current = await showing(app, 'The theatre · concurrency vs parallelism');
		fits(current, 24, 80);
		await press(app, '?');
		current = await showing(app, 'Keys on this screen (Live demo)');
		expect(current).toContain('start the demo, then its next part');
		await press(app, '?');
		await showing(app, 'The theatre · concurrency vs parallelism');
		await press(app, 'q');
		current = await showing(app, '── Live demos');
		expect(current).toContain('› ▶ The theatre');
	});

	it('a demo still to come says so instead of pretending', async () => {
		const app = setup();
		await openLesson(app, 1, 'TOP-OF-LESSON-ONE');
		await press(app, 'd', 'd', KEY.enter);
		await showing(app, 'This demo is coming in a later version of conc-tutor.');
		await press(app, KEY.escape);
		await showing(app, '── Live demos');
	});

	it('d opens the only demo of a lesson at once, from the text', async () => {
		const app = setup();
		await openLesson(app, 2, 'Two workers, one counter, and a lock.');
		await press(app, 'd');
		const current = await showing(app, 'The race · one shared counter');
		fits(current, 24, 80);
		await press(app, 'q');
		await showing(app, 'Two workers, one counter, and a lock.');
	});
});
