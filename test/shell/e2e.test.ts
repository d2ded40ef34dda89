// End to end, as a learner would: the built CLI in a real terminal (tmux), driven by keys, read from
// the screen. Start, move, open a lesson, scroll, go back, quit.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, repoRoot, shellPack, tempDir } from './helpers.js';

const session = `conc-tutor-e2e-${process.pid}-${Date.now()}`;
const ROWS = 30;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function screen(): string {
	return tmux('capture-pane', '-p', '-t', session);
}

/** Polls the pane until `test` holds; fails with the last screen after the deadline. */
async function waitFor(test: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		last = screen();
		if (test(last)) return last;
		await delay(50);
	}
	throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

const showing = (text: string) => waitFor((current) => current.includes(text), `"${text}"`);

async function keys(...names: string[]): Promise<void> {
	for (const name of names) {
		tmux('send-keys', '-t', session, name);
		// One key at a time, a little apart, like a person (Ink treats a burst as one paste).
		await delay(80);
	}
}

const lineWith = (text: string, needle: string) => text.split('\n').find((line) => line.includes(needle)) ?? '';

describe('the tutor in a terminal', () => {
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

	it('starts, moves, opens a lesson, scrolls, goes back and quits, restoring the terminal', async () => {
		const workspace = path.join(tempDir(), 'work');
		const command = `cd ${repoRoot} && CI=false node ${builtCli} --workspace ${workspace} --lessons ${shellPack}; echo "[exit $?]"; sleep 60`;
		tmux('new-session', '-d', '-s', session, '-x', '100', '-y', String(ROWS), command);

		let current = await showing('Lessons');
		expect(current.split('\n')[0]).toContain('conc-tutor · concurrency in Node.js');
		expect(current).toContain(`Workspace ${workspace}`);
		expect(lineWith(current, '1. First steps')).toContain('❯');
		expect(existsSync(path.join(workspace, '01-first-steps/hello/hello.ts'))).toBe(true);

		await keys('j');
		await waitFor((text) => lineWith(text, '2. Shared state').includes('❯'), 'lesson 2 chosen');
		await keys('k');
		await waitFor((text) => lineWith(text, '1. First steps').includes('❯'), 'lesson 1 chosen again');

		await keys('Enter');
		current = await showing('TOP-OF-LESSON-ONE');
		expect(current.split('\n')[0]).toContain('First steps');
		expect(current).not.toContain('END-OF-LESSON-ONE');
		const total = Number(/lines 1–26 of (\d+)/.exec(current)?.[1]);
		expect(total).toBeGreaterThan(60);

		await keys('j', 'j');
		await showing(`lines 3–28 of ${total}`);
		await keys('Space');
		await showing(`lines 28–53 of ${total}`);
		await keys('G');
		current = await showing('END-OF-LESSON-ONE');
		expect(current).toContain(`of ${total} · end`);
		expect(current).toContain('2. Count in a worker (count-up)');
		// The frame stays within the terminal: the title is still on the first row.
		expect(current.split('\n')[0]).toContain('First steps');
		await keys('g');
		await showing(`lines 1–26 of ${total}`);

		await keys('q');
		current = await showing('Lessons');
		expect(lineWith(current, '1. First steps')).toContain('❯');

		await keys('q');
		current = await showing('[exit 0]');
		// Back on the normal screen: the TUI's frame is gone and the shell's lines are there.
		expect(current).toContain(`Your work is in ${workspace}.`);
		expect(current).not.toContain('Lessons');
	});
});

describe('leaving the tutor', () => {
	const other = `${session}-ctrl-c`;

	afterAll(() => {
		try {
			tmux('kill-session', '-t', other);
		} catch {
			// Already gone.
		}
	});

	it('Ctrl+C quits from inside a lesson and gives the terminal back (no colour with NO_COLOR)', async () => {
		const workspace = path.join(tempDir(), 'work');
		const command = `cd ${repoRoot} && NO_COLOR=1 CI=false node ${builtCli} --workspace ${workspace} --lessons ${shellPack}; echo "[exit $?]"; sleep 60`;
		tmux('new-session', '-d', '-s', other, '-x', '80', '-y', '24', command);
		const pane = (...flags: string[]) => tmux('capture-pane', '-p', ...flags, '-t', other);
		const deadline = Date.now() + 15_000;
		while (!pane().includes('Lessons') && Date.now() < deadline) await delay(50);
		tmux('send-keys', '-t', other, 'Enter');
		while (!pane().includes('TOP-OF-LESSON-ONE') && Date.now() < deadline) await delay(50);
		expect(pane()).toContain('TOP-OF-LESSON-ONE');
		expect(pane('-e')).not.toMatch(/\u001B\[(?:3\d|9\d|1|2|7)(?:;\d+)*m/);
		tmux('send-keys', '-t', other, 'C-c');
		while (!pane().includes('[exit 0]') && Date.now() < deadline) await delay(50);
		const after = pane();
		expect(after).toContain('[exit 0]');
		expect(after).not.toContain('TOP-OF-LESSON-ONE');
	});
});
