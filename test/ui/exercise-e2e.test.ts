// End to end, the exercise loop as a learner lives it: the built CLI in a real terminal (tmux, 80×24)
// with the real grader. Open an exercise, grade the starter (it fails), fix the file from outside (the
// reference solution copied in, as an editor in another window would save it), see the pass that the
// save triggered, find it in progress.json, look at the run's timeline, and quit cleanly.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graderPack } from '../helpers/paths.js';
import { packCopy, tempDir } from '../helpers/temp.js';
import { requireTmuxAndBuild, TmuxSession } from '../helpers/tmux.js';

const tutor = new TmuxSession('exercise-e2e');

describe('the exercise loop in a terminal', () => {
	beforeAll(requireTmuxAndBuild);
	afterAll(() => tutor.kill());

	it('a save from outside is graded by itself: the pass appears, progress is saved, and q quits cleanly', async () => {
		const pack = packCopy(graderPack);
		const workspace = path.join(tempDir(), 'work');
		// No editor: e is not used.
		tutor.startTutor({ workspace, lessons: pack, columns: 80, rows: 24, before: 'unset VISUAL EDITOR;' });

		await tutor.showing('Lessons');
		await tutor.keys('Enter');
		await tutor.showing('Lesson 1 of 1');
		await tutor.keys('Tab');
		await tutor.showing('› 1. Sum in a worker');
		await tutor.keys('Enter');
		let current = await tutor.showing('Watching your files: save to grade');
		expect(current.split('\n')[0]).toContain('Sum in a worker');
		const file = path.join(workspace, '01-basics/sum-worker/sum.ts');
		expect(current).toContain(`Edit ${file}`);
		expect(current).toContain('Status · not started');

		// Grade the starter on demand: it fails, with the failed check and its message.
		await tutor.keys('Enter');
		current = await tutor.showing('✗ Not yet:', 60_000);
		expect(current).toMatch(/✗ runs +runs to the end within the limits/);
		expect(current).toContain('your code threw: Error: not written yet');
		await tutor.showing('Status … attempted · 1 attempt');

		// Fixed from outside, as another editor window would save it: the watcher grades it.
		copyFileSync(path.join(pack, '01-basics/01-sum-worker/solution/sum.ts'), file);
		current = await tutor.showing('✓ Passed!', 60_000);
		expect(current).toMatch(/✓ Passed · your save at \d\d:\d\d:\d\d/);
		expect(current).toMatch(/✓ workers +starts exactly 1 worker/);
		expect(current).toContain('Well done: every check passes, and your progress is saved.');
		await tutor.showing('Status ✓ passed · 2 attempts');
		for (const line of current.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

		const progress = JSON.parse(readFileSync(path.join(workspace, '.conc-tutor/progress.json'), 'utf8'));
		expect(progress.exercises['sum-worker']).toMatchObject({ status: 'passed', attempts: 2, lastResult: { status: 'pass' } });

		// The run's timeline, full-screen, then back.
		await tutor.keys('t');
		current = await tutor.showing('Timeline · Sum in a worker');
		expect(current).toContain('worker 1');
		expect(current).toContain('CPU ÷ wall');
		await tutor.keys('q');
		await tutor.showing('✓ Passed!');

		// q back to the lesson, to the lesson list, and out.
		await tutor.keys('q');
		await tutor.showing('› 1. Sum in a worker');
		await tutor.keys('q');
		await tutor.showing('Lessons');
		await tutor.keys('q');
		current = await tutor.showing('[exit 0]');
		expect(current).toContain(`Your work is in ${workspace}.`);
		expect(current).not.toContain('Watching your files');
	});
});
