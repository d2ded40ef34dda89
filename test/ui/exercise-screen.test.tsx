// The exercise screen in ink-testing-library, inside the real App (so q and Esc are the App's), with a
// fake model: the test plays the exercise loop's part (grading, done, missed saves) and checks what a
// learner sees at 80×24: results, the spinner, hints, reset and solution questions, the timeline, the
// editor hand-off, next/previous.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** Effects (opening and closing a runner) run after the frame is drawn: wait for them as conditions. */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 10 });
import { loadPack } from '../../source/lessons/load.js';
import { runMain } from '../helpers/cli.js';
import { loadProgress, recordAttempt, recordHint, type ProgressFile } from '../../source/progress/index.js';
import { App } from '../../source/ui/app.js';
import { preloadMarkdown } from '../../source/ui/hooks.js';
import type { EditorOutcome } from '../../source/ui/model.js';
import { shellPack } from '../helpers/paths.js';
import { emptyProgress, entry, fakeModel, verdict, type FakeOptions } from '../helpers/fake-model.js';
import { fits, frame, gone, KEY, lineWith, press, resize, showing, until, type Rendered } from '../helpers/frames.js';

const HELLO_FILE = '/home/ada/conc-tutor-work/01-first-steps/hello/hello.ts';

const failing = verdict('fail', [
	{ id: 'compiles', title: 'your TypeScript parses (type errors only warn)', status: 'pass', message: 'compiled' },
	{ id: 'greets', title: 'greets by name', status: 'fail', message: "expected 'hello, ada' but got undefined", hint: 1 },
	{ id: 'hidden-1', title: 'a hidden check', status: 'skip', message: 'not checked', hidden: true },
]);
const passing = verdict('pass', [
	{ id: 'compiles', title: 'your TypeScript parses (type errors only warn)', status: 'pass', message: 'compiled' },
	{ id: 'greets', title: 'greets by name', status: 'pass', message: 'hello, ada' },
]);

function progressWith(fields: Parameters<typeof entry>[0]): ProgressFile {
	const progress = emptyProgress();
	progress.exercises.hello = entry(fields);
	return progress;
}

/** The fake of the latest setup(): openHello waits for its runner (created in an effect after the frame). */
let latest: ReturnType<typeof fakeModel> | undefined;

function setup(options: Partial<FakeOptions> & { rows?: number; columns?: number } = {}) {
	const fake = fakeModel({ pack: loadPack(shellPack), ...options });
	latest = fake;
	const app = render(<App model={fake.model} progress={fake.model.loadProgress(() => {})} preloadDelayMs={1e9} />);
	resize(app, options.rows ?? 24, options.columns ?? 80);
	return { app, fake };
}

/** Home → lesson 1 → its exercises → "Say hello". */
async function openHello(app: Rendered): Promise<string> {
	await showing(app, 'Lessons');
	await press(app, KEY.enter);
	await showing(app, 'TOP-OF-LESSON-ONE');
	await press(app, KEY.tab);
	await showing(app, '› 1. Say hello');
	// Counted before the key: the screen may open its runner while the key press is still being waited on.
	const before = latest?.runners.length ?? 0;
	await press(app, KEY.enter);
	const shown = await showing(app, 'TASK-TEXT-HELLO');
	// The screen opens its runner in an effect, after drawing: wait for that condition, not for luck.
	const deadline = Date.now() + 15_000;
	while (latest && latest.runners.length <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
	return shown;
}

beforeAll(async () => {
	await preloadMarkdown();
});

afterEach(() => cleanup());

describe('watch mode', () => {
	it('watches while the exercise is open, grades on Enter and v, and stops watching on q', async () => {
		const { app, fake } = setup();
		const current = await openHello(app);
		expect(current).toContain('Status · not started');
		expect(current).toContain(`Edit ${HELLO_FILE}`);
		expect(current).toContain('Watching your files: save to grade · Enter grades now');
		expect(current).toContain('e edit · v verify · h hint · t timeline · ? more keys');
		fits(current, 24, 80);
		expect(fake.runners).toHaveLength(1);
		expect(fake.runner()).toMatchObject({ exerciseId: 'hello', opened: true, closed: false });
		await press(app, KEY.enter, 'v');
		expect(fake.runner().verifies).toEqual(['manual', 'manual']);
		await press(app, 'q');
		await showing(app, '› 1. Say hello');
		await eventually(() => {
			expect(fake.runner().closed).toBe(true);
		});
	});

	it('shows a spinner and the elapsed time while grading, and keeps drawing (never frozen)', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().emit({ kind: 'grading', startedAt: Date.now() - 1500, trigger: 'save' });
		const first = await showing(app, 'Grading your save…');
		expect(lineWith(first, 'Grading')).toMatch(/^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Grading your save… 1\.[5-9] s · your code runs in its own processes/);
		const seconds = (text: string) => Number(/Grading your save… ([\d.]+) s/.exec(text)?.[1]);
		await until(app, (current) => seconds(current) >= seconds(first) + 0.2, 'the elapsed time to move on');
		// Keys still work while grading: the timeline key answers at once.
		await press(app, 't');
		await showing(app, 'No run yet');
	});

	it('suggests --poll when a manual verify finds a save the watcher missed', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().missedSave();
		const current = await showing(app, "restart with 'conc-tutor --poll'");
		expect(current).toContain('Saves not seen?');
		fits(current, 24, 80);
	});

	it('says when it is polling', async () => {
		const { app } = setup({ poll: true });
		await openHello(app);
		await showing(app, 'Watching your files (polling): save to grade');
	});
});

describe('results', () => {
	it('a failure: every check with ✓ ✗ – and its message, the hint for the failed check offered', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.progress.exercises.hello = entry({ attempts: 1 }); // the loop records the attempt
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		const current = await showing(app, '✗ Not yet: 1 of 3 checks failed (1.2 s)');
		expect(current).toMatch(/── ✗ Result of your save at \d\d:\d\d:\d\d ─+/);
		expect(current).toMatch(/✓ compiles +your TypeScript parses \(type errors only warn\)/);
		expect(current).toMatch(/✗ greets +greets by name/);
		expect(current).toContain("expected 'hello, ada' but got undefined");
		expect(current).toMatch(/– hidden-1 +a hidden check/);
		expect(current).toContain("› h: hint 2 of 2, for 'greets'");
		expect(current).toContain('› t: what your threads did (timeline)');
		await showing(app, 'Status … attempted · 1 attempt');
		fits(frame(app), 24, 80);
	});

	it('a pass: a celebration, progress saved, the next exercise offered; n opens it with a fresh loop', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.progress.exercises.hello = entry({ status: 'passed', attempts: 1, passedAt: 'x' });
		fake.runner().emit({ kind: 'done', result: passing, trigger: 'save' });
		const current = await showing(app, '✓ Passed! All 2 checks pass (1.2 s) · progress saved');
		expect(current).toContain('Well done: every check passes, and your progress is saved.');
		expect(current).toContain('› n: next exercise, "Count in a worker"');
		await showing(app, 'Status ✓ passed · 1 attempt');
		fits(frame(app), 24, 80);
		const old = fake.runner();
		await press(app, 'n');
		await showing(app, 'Count in a worker');
		await showing(app, 'Watching your files');
		await eventually(() => {
			expect(old.closed).toBe(true);
			expect(fake.runner()).toMatchObject({ exerciseId: 'count-up', opened: true });
		});
		expect(frame(app)).not.toContain('Well done');
		// Back goes to the lesson, with the new exercise chosen.
		await press(app, 'q');
		await showing(app, '› 2. Count in a worker');
	});

	it('shows a grader error in words', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().emit({ kind: 'error', message: 'the grader could not be loaded' });
		await showing(app, '! The grader could not run: the grader could not be loaded');
	});
});

describe('hints', () => {
	it("h shows the failed check's hint first, then the others, counts each once, then says all are shown", async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		await showing(app, "h: hint 2 of 2, for 'greets'");
		await press(app, 'h');
		let current = await showing(app, 'Hint 2 of 2');
		expect(current).toContain('Return a template string');
		expect(fake.hints).toEqual(['hello']);
		await showing(app, '1 of 2 hints seen');
		await press(app, 'h');
		current = await showing(app, 'Hint 1 of 2');
		expect(current).toContain('Look at what `hello` returns now');
		await showing(app, '2 of 2 hints seen');
		await press(app, 'h');
		current = await showing(app, 'Every hint is shown below (2 of 2)');
		expect(fake.hints).toEqual(['hello', 'hello']);
		// Progress records which were shown, in the order they were (issue 17).
		expect(fake.progress.exercises.hello!.hints).toEqual([1, 0]);
		fits(current, 24, 80);
	});

	it('without a result, h gives the gentlest hint; hints seen before are shown again on opening', async () => {
		const first = setup();
		await openHello(first.app);
		await press(first.app, 'h');
		await showing(first.app, 'Look at what `hello` returns now');
		expect(frame(first.app)).not.toContain('Return a template string');
		cleanup();
		const again = setup({ progress: progressWith({ hintsShown: 1 }) });
		const current = await openHello(again.app);
		expect(current).toContain('Hint 1 of 2');
		expect(current).toContain('1 of 2 hints seen');
		expect(again.fake.hints).toEqual([]);
	});
});

describe('reset', () => {
	it('asks first: n (and Esc) leave the files alone, y resets and starts a fresh loop', async () => {
		const { app, fake } = setup({ resetReport: { restored: [HELLO_FILE], backupDir: '/home/ada/conc-tutor-work/.conc-tutor/backups/hello-1' } });
		await openHello(app);
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		await showing(app, 'Not yet');
		await press(app, 'r');
		let current = await showing(app, 'Reset to the starter files? Yours are kept as a backup. y yes · n no');
		expect(current).toContain('y yes · n no · q Esc no');
		await press(app, 'n');
		await gone(app, 'Reset to the starter files?');
		await press(app, 'r');
		await showing(app, 'Reset to the starter files?');
		await press(app, KEY.escape);
		current = await gone(app, 'Reset to the starter files?');
		expect(current).toContain('Say hello'); // Esc answered the question; it did not leave the exercise
		expect(fake.resets).toEqual([]);
		const old = fake.runner();
		await press(app, 'r', 'y');
		current = await showing(app, 'Restored the starter hello.ts.');
		expect(current).toContain('kept in');
		expect(fake.resets).toEqual(['hello']);
		expect(current).toContain('Watching your files');
		expect(current).not.toContain('Not yet');
		await eventually(() => {
			expect(old.closed).toBe(true);
			expect(fake.runners).toHaveLength(2);
		});
		expect(fake.runner().opened).toBe(true);
		// The replaced loop's late states are ignored.
		old.emit({ kind: 'done', result: failing, trigger: 'save' });
		await press(app, 'j');
		expect(frame(app)).not.toContain('Not yet');
		fits(frame(app), 24, 80);
	});

	it('waits for a grading to end before resetting', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().emit({ kind: 'grading', startedAt: Date.now(), trigger: 'manual' });
		await showing(app, 'Grading…');
		await press(app, 'r');
		await showing(app, 'A grading is running: press r again when it has finished.');
		expect(frame(app)).not.toContain('Reset to the starter');
	});
});

describe('the reference solution', () => {
	it('locked before a pass and 3 attempts: says why not', async () => {
		const { app } = setup({ progress: progressWith({ attempts: 1 }) });
		await openHello(app);
		await press(app, 's');
		const current = await showing(app, 'The reference solution opens once you pass, or after 3 attempts (you have 1).');
		expect(current).not.toContain('REFERENCE_SOLUTION');
	});

	it('after 3 attempts without a pass: asks first, n keeps it closed, y shows it, q returns', async () => {
		const { app } = setup({ progress: progressWith({ attempts: 3 }) });
		await openHello(app);
		await press(app, 's');
		await showing(app, 'Not passed yet (3 attempts). See the solution anyway? y yes · n no');
		await press(app, 'n');
		await gone(app, 'See the solution anyway?');
		await press(app, 's', 'y');
		const current = await showing(app, 'REFERENCE_SOLUTION');
		expect(current).toContain('Reference solution · Say hello');
		expect(current).toMatch(/── hello\.ts ─+/);
		fits(current, 24, 80);
		await press(app, 'q');
		await showing(app, 'TASK-TEXT-HELLO');
		expect(frame(app)).toContain('Say hello');
	});

	it('after a pass: opens at once', async () => {
		const { app } = setup({ progress: progressWith({ status: 'passed', attempts: 1, passedAt: 'x' }) });
		await openHello(app);
		await press(app, 's');
		await showing(app, 'REFERENCE_SOLUTION');
		await press(app, 's');
		await showing(app, 'TASK-TEXT-HELLO');
	});
});

describe('the timeline', () => {
	it('shows the last run full-screen at the terminal width with its legend; Esc comes back', async () => {
		const { app, fake } = setup({ columns: 100 });
		await openHello(app);
		await press(app, 't');
		await showing(app, 'No run yet: press Enter to grade your files');
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		await showing(app, 'Not yet');
		await press(app, 't');
		let current = await showing(app, 'Timeline · Say hello');
		expect(current).toMatch(/Run at \d\d:\d\d:\d\d · ✗ failed · seed 7 · 1\.2 s/);
		expect(lineWith(current, 'main ')).toMatch(/^ main +[█▓░]+/);
		expect(current).toContain('worker 1');
		expect(current).toContain('CPU ÷ wall 0.95');
		expect(current).toContain('░ idle');
		fits(current, 24, 100);
		await press(app, KEY.escape);
		current = await showing(app, 'Not yet');
		expect(current).not.toContain('Timeline');
		resize(app, 24, 80);
		await press(app, 't');
		current = await showing(app, 'Timeline · Say hello');
		fits(current, 24, 80);
		await press(app, 't');
		await showing(app, 'Not yet');
	});
});

describe('the editor', () => {
	it('with no editor set, says so and shows the path', async () => {
		const { app, fake } = setup();
		await openHello(app);
		await press(app, 'e');
		const current = await showing(app, 'No editor set ($VISUAL, $EDITOR).');
		expect(current.replace(/\n\s+/g, ' ')).toContain(`Open ${HELLO_FILE} in yours`);
		expect(fake.edited).toEqual([HELLO_FILE]);
		fits(current, 24, 80);
	});

	it('opens the primary file, and waits for a grading in progress to end first', async () => {
		const outcomes: EditorOutcome[] = [];
		const { app, fake } = setup({ editor: () => outcomes.shift() ?? { kind: 'edited', editor: 'vim' } });
		await openHello(app);
		outcomes.push({ kind: 'failed', editor: 'nosuch', message: 'the shell could not find that command' });
		await press(app, 'e');
		await showing(app, 'Your editor (nosuch) did not start');
		await press(app, 'e');
		await gone(app, 'did not start');
		expect(fake.edited).toEqual([HELLO_FILE, HELLO_FILE]);
		fake.runner().emit({ kind: 'grading', startedAt: Date.now(), trigger: 'save' });
		await showing(app, 'Grading');
		await press(app, 'e');
		await showing(app, 'Your editor opens as soon as this grading ends.');
		expect(fake.edited).toHaveLength(2);
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		await until(app, () => fake.edited.length === 3, 'the editor to open');
	});
});

describe('moving and help', () => {
	it('p on the first exercise says so; p from the next lesson comes back across lessons', async () => {
		const { app } = setup();
		await openHello(app);
		await press(app, 'p');
		await showing(app, 'This is the first exercise of the course.');
		await press(app, 'n', 'n');
		await showing(app, 'A locked counter');
		await press(app, 'n');
		await showing(app, 'This is the last exercise of the course.');
		await press(app, 'p');
		await showing(app, 'Count in a worker');
	});

	it('? lists every key of the exercise screen, within 80×24', async () => {
		const { app } = setup();
		await openHello(app);
		await press(app, '?');
		const current = await showing(app, 'Keys on this screen (Exercise)');
		for (const text of ['edit your file in $VISUAL or $EDITOR', 'grade your files now', 'the next hint', 'timeline', 'reset to the starter', 'reference solution', 'next / previous exercise', 'Ctrl+C']) {
			expect(current).toContain(text);
		}
		fits(current, 24, 80);
		expect(current, 'no help line is cut short').not.toContain('…');
		await press(app, '?');
		await showing(app, 'TASK-TEXT-HELLO');
	});
});

describe('issue 18, item 13', () => {
	it('a new result clears a stale notice such as "No run yet…" (13c)', async () => {
		const { app, fake } = setup();
		await openHello(app);
		await press(app, 't');
		await showing(app, 'No run yet: press Enter to grade your files');
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		const current = await showing(app, '✗ Not yet: 1 of 3 checks failed');
		expect(current).not.toContain('No run yet');
	});

	it('showing a hint keeps the failure details in view (13d)', async () => {
		const { app, fake } = setup();
		await openHello(app);
		fake.runner().emit({ kind: 'done', result: failing, trigger: 'save' });
		await showing(app, "h: hint 2 of 2, for 'greets'");
		await press(app, 'h');
		const current = await showing(app, 'Return a template string');
		expect(current).toMatch(/✗ greets +greets by name/);
		expect(current).toContain("expected 'hello, ada' but got undefined");
		fits(current, 24, 80);
	});

	it('? on the timeline and on the solution lists their own keys (13e)', async () => {
		const { app, fake } = setup({ progress: progressWith({ status: 'passed', attempts: 1, passedAt: 'x' }) });
		await openHello(app);
		fake.runner().emit({ kind: 'done', result: passing, trigger: 'save' });
		await showing(app, 'Passed!');
		for (const [key, title] of [['t', 'Timeline'], ['s', 'Reference solution']] as const) {
			await press(app, key);
			await showing(app, `${title} · Say hello`);
			await press(app, '?');
			const current = await showing(app, `Keys on this screen (${title})`);
			expect(current).not.toContain('edit your file');
			expect(current).toContain('scroll');
			expect(current).toContain(`${key}  q  Esc`);
			fits(current, 24, 80);
			await press(app, '?');
			await showing(app, `${title} · Say hello`);
			await press(app, key);
			await showing(app, 'TASK-TEXT-HELLO');
		}
	});

	it('footers fit at 100 columns by shortening, never cut (13h)', async () => {
		const { app } = setup({ columns: 100 });
		const current = await openHello(app);
		const footer = current.split('\n').at(-1)!;
		expect(footer).toContain('e edit · Enter verify · h hint · t timeline · r reset · s solution · n p next/prev · ? help');
		expect(footer).not.toContain('…');
		fits(current, 24, 100);
	});
});

describe('one hint sequence for the CLI and the tutor (issue 17)', () => {
	it("the tutor's h continues where `conc-tutor hint` left off, by the same rule, in the same progress", async () => {
		const ws = mkdtempSync(path.join(tmpdir(), 'conc-tutor-hints-'));
		try {
			// The last grading failed the check whose hint is the second one.
			recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', hint: 1, durationMs: 5 });
			const hint = await runMain(['hint', 'hello', '--lessons', shellPack, '--workspace', ws], { env: { ...process.env, NO_COLOR: '1' }, cwd: ws });
			expect(hint.code).toBe(0);
			expect(hint.stdout).toContain('Hint 2 of 2 for hello');
			const fake = fakeModel({ pack: loadPack(shellPack) });
			const model = { ...fake.model, loadProgress: () => loadProgress(ws), recordHint: (e: { id: string; hints: string[] }) => recordHint(ws, e.id, { available: e.hints.length }) };
			latest = fake;
			const app = render(<App model={model} progress={model.loadProgress()} preloadDelayMs={1e9} />);
			resize(app, 24, 80);
			const opened = await openHello(app);
			expect(opened).toContain('Hint 2 of 2'); // shown by the CLI, shown again here
			await press(app, 'h');
			await showing(app, 'Hint 1 of 2');
			expect(loadProgress(ws).exercises.hello!.hints).toEqual([1, 0]);
		} finally {
			rmSync(ws, { recursive: true, force: true });
		}
	});
});
