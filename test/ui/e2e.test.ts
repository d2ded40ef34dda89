// End to end, as a learner would: the built CLI in a real terminal (tmux), driven by keys, read from
// the screen. Start, move, open a lesson, scroll, go back, quit.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineWith } from '../helpers/frames.js';
import { shellPack } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { requireTmuxAndBuild, TmuxSession } from '../helpers/tmux.js';

const ROWS = 30;
const tutor = new TmuxSession('e2e');

describe('the tutor in a terminal', () => {
	beforeAll(requireTmuxAndBuild);
	afterAll(() => tutor.kill());

	it('starts, moves, opens a lesson, scrolls, goes back and quits, restoring the terminal', async () => {
		const workspace = path.join(tempDir(), 'work');
		tutor.startTutor({ workspace, lessons: shellPack, columns: 100, rows: ROWS });

		let current = await tutor.showing('Lessons');
		expect(current.split('\n')[0]).toContain('conc-tutor · concurrency in Node.js');
		expect(current).toContain(`Workspace ${workspace}`);
		expect(lineWith(current, '1. First steps')).toContain('❯');
		expect(existsSync(path.join(workspace, '01-first-steps/hello/hello.ts'))).toBe(true);

		await tutor.keys('j');
		await tutor.waitFor((text) => lineWith(text, '2. Shared state').includes('❯'), 'lesson 2 chosen');
		await tutor.keys('k');
		await tutor.waitFor((text) => lineWith(text, '1. First steps').includes('❯'), 'lesson 1 chosen again');

		await tutor.keys('Enter');
		current = await tutor.showing('TOP-OF-LESSON-ONE');
		expect(current.split('\n')[0]).toContain('First steps');
		expect(current).not.toContain('END-OF-LESSON-ONE');
		const total = Number(/lines 1–26 of (\d+)/.exec(current)?.[1]);
		expect(total).toBeGreaterThan(60);

		await tutor.keys('j', 'j');
		await tutor.showing(`lines 3–28 of ${total}`);
		await tutor.keys('Space');
		await tutor.showing(`lines 28–53 of ${total}`);
		await tutor.keys('G');
		current = await tutor.showing('END-OF-LESSON-ONE');
		expect(current).toContain(`of ${total} · end`);
		expect(current).toContain('2. Count in a worker (count-up)');
		// The frame stays within the terminal: the title is still on the first row.
		expect(current.split('\n')[0]).toContain('First steps');
		await tutor.keys('g');
		await tutor.showing(`lines 1–26 of ${total}`);

		await tutor.keys('q');
		current = await tutor.showing('Lessons');
		expect(lineWith(current, '1. First steps')).toContain('❯');

		await tutor.keys('q');
		current = await tutor.showing('[exit 0]');
		// Back on the normal screen: the TUI's frame is gone and the shell's lines are there.
		expect(current).toContain(`Your work is in ${workspace}.`);
		expect(current).not.toContain('Lessons');
	});
});

describe('leaving the tutor', () => {
	const other = new TmuxSession('e2e-ctrl-c');

	beforeAll(requireTmuxAndBuild);
	afterAll(() => other.kill());

	it('Ctrl+C quits from inside a lesson and gives the terminal back (no colour with NO_COLOR)', async () => {
		const workspace = path.join(tempDir(), 'work');
		other.startTutor({ workspace, lessons: shellPack, columns: 80, rows: 24, before: 'NO_COLOR=1' });
		await other.showing('Lessons');
		await other.keys('Enter');
		await other.showing('TOP-OF-LESSON-ONE');
		expect(other.styledScreen()).not.toMatch(/\u001B\[(?:3\d|9\d|1|2|7)(?:;\d+)*m/);
		await other.keys('C-c');
		const after = await other.showing('[exit 0]');
		expect(after).not.toContain('TOP-OF-LESSON-ONE');
	});
});
