// End to end, the exercise loop as a learner lives it: the built CLI in a real terminal (tmux, 80×24)
// with the real grader. Open an exercise, grade the starter (it fails), fix the file from outside (the
// reference solution copied in, as an editor in another window would save it), see the pass that the
// save triggered, find it in progress.json, look at the run's timeline, and quit cleanly.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, packCopy, repoRoot, tempDir } from './helpers.js';

const session = `conc-tutor-exercise-e2e-${process.pid}-${Date.now()}`;
const graderPack = path.join(repoRoot, 'test/fixtures/grader-pack');

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function screen(): string {
	return stripVTControlCharacters(tmux('capture-pane', '-p', '-t', session));
}

async function waitFor(test: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		last = screen();
		if (test(last)) return last;
		await delay(50);
	}
	throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

const showing = (text: string, timeoutMs?: number) => waitFor((current) => current.includes(text), `"${text}"`, timeoutMs);

async function keys(...names: string[]): Promise<void> {
	for (const name of names) {
		tmux('send-keys', '-t', session, name);
		// One key at a time, like a person (Ink 6 reads keys closer than 10 ms apart as one sequence).
		await delay(80);
	}
}

describe('the exercise loop in a terminal', () => {
	beforeAll(() => {
		if (!existsSync(builtCli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
		try {
			tmux('-V');
		} catch {
			throw new Error('tmux is not installed; .ci/run installs it (apt-get install tmux)');
		}
	});

	afterAll(() => {
		try {
			tmux('kill-session', '-t', session);
		} catch {
			// Already gone.
		}
	});

	it('a save from outside is graded by itself: the pass appears, progress is saved, and q quits cleanly', async () => {
		const pack = packCopy(graderPack);
		const workspace = path.join(tempDir(), 'work');
		// CI=false inside the pane: Ink draws only the last frame when CI is set. No editor: e is not used.
		const command = `cd ${repoRoot} && unset VISUAL EDITOR; CI=false node ${builtCli} --workspace ${workspace} --lessons ${pack}; echo "[exit $?]"; sleep 60`;
		tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', command);

		await showing('Lessons');
		await keys('Enter');
		await showing('Lesson 1 of 1');
		await keys('Tab');
		await showing('› 1. Sum in a worker');
		await keys('Enter');
		let current = await showing('Watching your files: save to grade');
		expect(current.split('\n')[0]).toContain('Sum in a worker');
		const file = path.join(workspace, '01-basics/sum-worker/sum.ts');
		expect(current).toContain(`Edit ${file}`);
		expect(current).toContain('Status · not started');

		// Grade the starter on demand: it fails, with the failed check and its message.
		await keys('Enter');
		current = await showing('✗ Not yet:', 60_000);
		expect(current).toMatch(/✗ runs +runs to the end within the limits/);
		expect(current).toContain('your code threw: Error: not written yet');
		await showing('Status … attempted · 1 attempt');

		// Fixed from outside, as another editor window would save it: the watcher grades it.
		copyFileSync(path.join(pack, '01-basics/01-sum-worker/solution/sum.ts'), file);
		current = await showing('✓ Passed!', 60_000);
		expect(current).toMatch(/✓ Passed · your save at \d\d:\d\d:\d\d/);
		expect(current).toMatch(/✓ workers +starts exactly 1 worker/);
		expect(current).toContain('Well done: every check passes, and your progress is saved.');
		await showing('Status ✓ passed · 2 attempts');
		for (const line of current.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

		const progress = JSON.parse(readFileSync(path.join(workspace, '.conc-tutor/progress.json'), 'utf8'));
		expect(progress.exercises['sum-worker']).toMatchObject({ status: 'passed', attempts: 2, lastResult: { status: 'pass' } });

		// The run's timeline, full-screen, then back.
		await keys('t');
		current = await showing('Timeline · Sum in a worker');
		expect(current).toContain('worker 1');
		expect(current).toContain('CPU ÷ wall');
		await keys('q');
		await showing('✓ Passed!');

		// q back to the lesson, to the lesson list, and out.
		await keys('q');
		await showing('› 1. Sum in a worker');
		await keys('q');
		await showing('Lessons');
		await keys('q');
		current = await showing('[exit 0]');
		expect(current).toContain(`Your work is in ${workspace}.`);
		expect(current).not.toContain('Watching your files');
	});
});
