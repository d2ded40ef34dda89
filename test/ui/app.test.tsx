// The TUI rendered with ink-testing-library: the home screen, the pager, navigation, the help
// overlay and resizing. Keys are sent one at a time with a pause, as a person types them.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPack } from '../../source/lessons/load.js';
import type { ProgressFile } from '../../source/progress/index.js';
import { App } from '../../source/ui/app.js';
import { preloadMarkdown } from '../../source/ui/hooks.js';
import type { TuiModel } from '../../source/ui/model.js';
import { fakeModel } from '../helpers/fake-model.js';
import { fits, KEY, lineWith, press, resize, showing, until } from '../helpers/frames.js';
import { shellPack } from '../helpers/paths.js';

const progress: ProgressFile = {
	tool: 'conc-tutor',
	schemaVersion: 1,
	exercises: {
		hello: { status: 'passed', attempts: 2, hintsShown: 1, firstSeen: 'x', updated: 'x', passedAt: 'x' },
	},
};

function setup(options: { rows?: number; columns?: number; notices?: string[] } = {}) {
	const seen: string[] = [];
	const model: TuiModel = {
		// The exercise screen's side effects (grading, hints, editor) are faked; exercise-screen.test.tsx tests them.
		...fakeModel({ pack: loadPack(shellPack) }).model,
		workspace: '/home/ada/conc-tutor-work',
		loadProgress: () => progress,
		markSeen: (id) => void seen.push(id),
	};
	const rendered = render(<App model={model} progress={progress} notices={options.notices} preloadDelayMs={1e9} />);
	if (options.rows || options.columns) resize(rendered, options.rows ?? 24, options.columns ?? 100);
	return { ...rendered, seen };
}

beforeAll(async () => {
	// Load marked and highlight.js once, so lesson text renders in the first frame of a lesson.
	await preloadMarkdown();
});

afterEach(() => cleanup());

describe('home screen', () => {
	it('shows the title, overall progress, the workspace and every lesson with its status in words', async () => {
		const app = setup();
		const current = await showing(app, 'Lessons');
		expect(current).toContain('conc-tutor · concurrency in Node.js');
		expect(current).toContain('2 lessons');
		expect(current).toMatch(/Progress █+░+ 1 of 3 exercises passed \(33%\)/);
		expect(current).toContain('Workspace /home/ada/conc-tutor-work');
		expect(lineWith(current, '1. First steps')).toMatch(/❯ 1\. First steps +… 1\/2 passed/);
		expect(lineWith(current, '2. Shared state')).toMatch(/^\s+2\. Shared state +· not started/);
		expect(current).toContain('↑↓ choose · Enter open · ? help · q quit');
		fits(current, 24, 100);
	});

	it('shows start-up notices (a progress file moved aside) above the progress', async () => {
		const app = setup({ notices: ['conc-tutor: warning: your progress file is not valid JSON (corrupt); moved it aside.'] });
		expect(await showing(app, 'Lessons')).toContain('! conc-tutor: warning: your progress file is not valid JSON');
	});

	it('shows a warning raised while the tutor is open (a progress file found damaged while recording)', async () => {
		const listeners = new Set<(line: string) => void>();
		const model: TuiModel = {
			...fakeModel({ pack: loadPack(shellPack) }).model,
			loadProgress: () => progress,
			markSeen: () => {},
			onWarning(listener) {
				listeners.add(listener);
				return () => void listeners.delete(listener);
			},
		};
		const app = render(<App model={model} progress={progress} preloadDelayMs={1e9} />);
		await showing(app, 'Lessons');
		for (const listener of listeners) listener('conc-tutor: warning: your progress for hello could not be read and starts afresh; the rest is kept.');
		expect(await showing(app, 'could not be read')).toContain('! conc-tutor: warning: your progress for hello could not be read');
	});
});

describe('navigation', () => {
	it('moves with j/k, opens a lesson with Enter, and q comes back with the same lesson chosen', async () => {
		const app = setup();
		await showing(app, 'Lessons');
		await press(app, 'j');
		expect(lineWith(await until(app, (f) => lineWith(f, '2. Shared state').includes('❯'), 'lesson 2 chosen'), '1. First'))
			.not.toContain('❯');
		await press(app, KEY.enter);
		const lesson = await showing(app, 'SECOND-LESSON-TEXT');
		expect(lesson).toContain('Lesson 2 of 2');
		expect(lesson).toContain('Two workers, one counter, and a lock.');
		await press(app, 'q');
		const home = await showing(app, 'Lessons');
		expect(lineWith(home, '2. Shared state')).toContain('❯');
		await press(app, 'k');
		await until(app, (f) => lineWith(f, '1. First steps').includes('❯'), 'lesson 1 chosen');
		await press(app, KEY.enter);
		await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, KEY.escape);
		await showing(app, 'Lessons');
	});

	it('opens an exercise from the end of a lesson, shows its task and file, and goes back step by step', async () => {
		const app = setup();
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, KEY.tab);
		let current = await showing(app, '› 1. Say hello (hello)');
		expect(current).toContain('END-OF-LESSON-ONE');
		expect(lineWith(current, 'Say hello')).toContain('✓ passed');
		expect(lineWith(current, 'Count in a worker')).toContain('· not started');
		// The pager does not own j/k now: they choose an exercise.
		await press(app, 'j');
		await showing(app, '› 2. Count in a worker (count-up)');
		await press(app, KEY.enter);
		current = await showing(app, 'Edit /home/ada/conc-tutor-work/01-first-steps/count-up/count.ts (also count-worker.ts)');
		expect(current).toContain('Count in a worker');
		expect(current).toContain('First steps');
		expect(current).toContain('Status · not started');
		expect(current).toContain('countTo(n: number)');
		// Marked seen in an effect after the frame is drawn: a condition to wait for on a busy machine.
		await vi.waitFor(() => expect(app.seen).toEqual(['count-up']), { timeout: 15_000, interval: 10 });
		await press(app, 'q');
		current = await showing(app, '› 2. Count in a worker');
		expect(current).toContain('END-OF-LESSON-ONE');
		await press(app, '1');
		await showing(app, 'Say hello');
		await showing(app, 'Status ✓ passed · 2 attempts · 1 of 2 hints seen');
		await press(app, KEY.escape);
		await showing(app, 'Tab text');
		await press(app, KEY.escape);
		await showing(app, 'Lessons');
	});

	it('q on the home screen quits', async () => {
		const app = setup();
		await showing(app, 'Lessons');
		expect(app.stdin.listenerCount('readable')).toBeGreaterThan(0);
		await press(app, 'q');
		await vi.waitFor(() => expect(app.stdin.listenerCount('readable')).toBe(0), { timeout: 15_000, interval: 10 });
	});
});

describe('pager', () => {
	it('scrolls by line, page and to either end, and stays within the terminal height', async () => {
		const app = setup({ rows: 24, columns: 80 });
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		let current = await showing(app, 'TOP-OF-LESSON-ONE');
		expect(current).not.toContain('END-OF-LESSON-ONE');
		const total = Number(/lines 1–20 of (\d+)/.exec(current)![1]);
		expect(total).toBeGreaterThan(60);
		fits(current, 24, 80);
		await press(app, 'j');
		current = await showing(app, `lines 2–21 of ${total}`);
		await press(app, KEY.down, KEY.down);
		await showing(app, `lines 4–23 of ${total}`);
		await press(app, 'k');
		await showing(app, `lines 3–22 of ${total}`);
		await press(app, ' ');
		await showing(app, `lines 22–41 of ${total}`);
		await press(app, 'b');
		await showing(app, `lines 3–22 of ${total}`);
		await press(app, KEY.pageDown);
		await showing(app, `lines 22–41 of ${total}`);
		await press(app, 'G');
		current = await showing(app, 'END-OF-LESSON-ONE');
		expect(current).toContain(`of ${total} · end`);
		expect(current).not.toContain('TOP-OF-LESSON-ONE');
		fits(current, 24, 80);
		await press(app, 'j');
		await showing(app, `of ${total} · end`);
		await press(app, 'g');
		current = await showing(app, 'TOP-OF-LESSON-ONE');
		expect(current).toContain(`lines 1–20 of ${total}`);
	});

	it('renders Markdown: headings underlined without their marker, code blocks and list items are shown', async () => {
		const app = setup({ rows: 40 });
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		const current = await showing(app, 'TOP-OF-LESSON-ONE');
		expect(current).toMatch(/^ *First steps\n *═{11}$/m);
		expect(current).toMatch(/^ *Why it matters\n *─{14}$/m);
		expect(current).not.toContain('# ');
		expect(current).toMatch(/\* a timer does not block the thread/);
		expect(current).toContain('export async function twice(): Promise<number> {');
		expect(current).not.toContain('```');
		expect(current).not.toContain('**one thread**');
	});

	it('redraws on resize: more rows show more lines, fewer columns wrap the text', async () => {
		const app = setup({ rows: 24, columns: 100 });
		await showing(app, 'Lessons');
		await press(app, KEY.enter);
		await showing(app, 'lines 1–20 of');
		resize(app, 40, 100);
		let current = await showing(app, 'lines 1–36 of');
		fits(current, 40, 100);
		// 80 columns is the narrowest the tutor draws (below, it says the terminal is too small).
		resize(app, 24, 80);
		current = await showing(app, 'lines 1–20 of');
		fits(current, 24, 80);
	});
});

describe('help overlay', () => {
	it('opens on ?, owns the keys while open (j does not move the list), and closes on ?, q or Esc', async () => {
		const app = setup();
		await showing(app, 'Lessons');
		await press(app, '?');
		let current = await showing(app, 'Keys on this screen (Home)');
		expect(current).toContain('open lesson 1 to 9 directly');
		expect(current).toContain('Ctrl+C');
		expect(current).not.toContain('Workspace');
		await press(app, 'j', 'j');
		await press(app, '?');
		current = await showing(app, 'Lessons');
		expect(lineWith(current, '1. First steps')).toContain('❯');
		await press(app, KEY.enter);
		await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, '?');
		current = await showing(app, 'Keys on this screen (Lesson)');
		expect(current).toContain('switch between the text');
		await press(app, 'G');
		await press(app, 'q');
		current = await showing(app, 'TOP-OF-LESSON-ONE');
		await press(app, '?');
		await showing(app, 'Keys on this screen (Lesson)');
		await press(app, KEY.escape);
		await showing(app, 'TOP-OF-LESSON-ONE');
	});
});
