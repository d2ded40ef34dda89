// Saved progress: the statuses, atomic writes, concurrent writers, and files that cannot be trusted.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
	loadProgress,
	markSeen,
	progressFile,
	recordAttempt,
	recordHint,
	statusOf,
	totals,
} from '../../source/progress/index.js';
import { graderPack, repoRoot } from '../helpers/paths.js';
import { packCopy, tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';

const clock = (iso: string) => () => new Date(iso);

function writeRaw(ws: string, text: string): void {
	mkdirSync(path.dirname(progressFile(ws)), { recursive: true });
	writeFileSync(progressFile(ws), text);
}

describe('progress', () => {
	it('starts empty: every exercise not started', () => {
		const ws = tempDir();
		const progress = loadProgress(ws);
		expect(progress.exercises).toEqual({});
		expect(statusOf(progress, 'hello')).toBe('not-started');
		expect(totals(progress, ['hello', 'count-up'])).toEqual({ total: 2, passed: 0, attempted: 0, notStarted: 2 });
	});

	it('counts a save graded by two tutors on one workspace as one attempt (issue 17)', () => {
		const ws = tempDir();
		const at = clock('2030-01-01T10:00:00Z');
		recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', durationMs: 50, version: 'v1' }, { now: at });
		// The second tutor's grading of the same save.
		const twice = recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', durationMs: 60, version: 'v1' }, { now: at });
		expect(twice).toMatchObject({ attempts: 1, lastResult: { version: 'v1', durationMs: 60 } });
		// A new save is a new attempt; going back to an earlier version is one too (it was not the last graded).
		expect(recordAttempt(ws, 'hello', { status: 'fail', durationMs: 50, version: 'v2' }, { now: at }).attempts).toBe(2);
		expect(recordAttempt(ws, 'hello', { status: 'fail', durationMs: 50, version: 'v1' }, { now: at }).attempts).toBe(3);
		// Without a version (an explicit verify, or files that could not all be read) each grading counts.
		expect(recordAttempt(ws, 'hello', { status: 'fail', durationMs: 50 }, { now: at }).attempts).toBe(4);
		expect(recordAttempt(ws, 'hello', { status: 'fail', durationMs: 50 }, { now: at }).attempts).toBe(5);
	});

	it('records attempts: fail → attempted, pass → passed, and a pass is kept after a later failure', () => {
		const ws = tempDir();
		const first = recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', message: 'expected "hello, ada"', durationMs: 120.4 }, { now: clock('2030-01-01T10:00:00Z') });
		expect(first).toEqual({
			status: 'attempted',
			attempts: 1,
			hintsShown: 0,
			firstSeen: '2030-01-01T10:00:00.000Z',
			updated: '2030-01-01T10:00:00.000Z',
			lastResult: { status: 'fail', failedCheck: 'greets', message: 'expected "hello, ada"', durationMs: 120, at: '2030-01-01T10:00:00.000Z' },
		});
		const passed = recordAttempt(ws, 'hello', { status: 'pass', durationMs: 90 }, { now: clock('2030-01-01T10:05:00Z') });
		expect(passed).toMatchObject({ status: 'passed', attempts: 2, passedAt: '2030-01-01T10:05:00.000Z', firstSeen: '2030-01-01T10:00:00.000Z' });
		const later = recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', durationMs: 80 }, { now: clock('2030-01-01T10:09:00Z') });
		expect(later).toMatchObject({ status: 'passed', attempts: 3, passedAt: '2030-01-01T10:05:00.000Z', lastResult: { status: 'fail' } });

		const saved = JSON.parse(readFileSync(progressFile(ws), 'utf8'));
		expect(saved).toMatchObject({ tool: 'conc-tutor', schemaVersion: 1 });
		expect(statusOf(loadProgress(ws), 'hello')).toBe('passed');
	});

	it('records which hints were shown, gentlest first, up to the number available, without changing the status', () => {
		const ws = tempDir();
		expect(recordHint(ws, 'hello', { available: 2 })).toEqual({ index: 0, shown: [0] });
		expect(recordHint(ws, 'hello', { available: 2 })).toEqual({ index: 1, shown: [0, 1] });
		expect(recordHint(ws, 'hello', { available: 2 })).toEqual({ shown: [0, 1] });
		expect(loadProgress(ws).exercises.hello).toMatchObject({ status: 'not-started', hints: [0, 1], hintsShown: 2, attempts: 0 });
	});

	it("offers the failed check's hint first, and reads a file that kept only a count (issue 17)", () => {
		const ws = tempDir();
		recordAttempt(ws, 'hello', { status: 'fail', failedCheck: 'greets', hint: 2, durationMs: 5 });
		expect(recordHint(ws, 'hello', { available: 3 })).toEqual({ index: 2, shown: [2] });
		expect(recordHint(ws, 'hello', { available: 3 })).toEqual({ index: 0, shown: [2, 0] });
		// A pass carries no hint to offer: the gentlest not shown comes next.
		recordAttempt(ws, 'hello', { status: 'pass', hint: 0, durationMs: 5 });
		expect(loadProgress(ws).exercises.hello!.lastResult!.hint).toBeUndefined();
		expect(recordHint(ws, 'hello', { available: 3 })).toEqual({ index: 1, shown: [2, 0, 1] });
		const old = tempDir();
		writeRaw(old, JSON.stringify({ tool: 'conc-tutor', schemaVersion: 1, exercises: { hello: { status: 'attempted', attempts: 1, hintsShown: 1, firstSeen: 'x', updated: 'x' } } }));
		expect(recordHint(old, 'hello', { available: 3 })).toEqual({ index: 1, shown: [0, 1] });
	});

	it('markSeen sets firstSeen once and changes nothing else', () => {
		const ws = tempDir();
		markSeen(ws, 'hello', { now: clock('2030-01-01T00:00:00Z') });
		const entry = markSeen(ws, 'hello', { now: clock('2030-02-01T00:00:00Z') });
		expect(entry).toMatchObject({ status: 'not-started', attempts: 0, firstSeen: '2030-01-01T00:00:00.000Z', updated: '2030-02-01T00:00:00.000Z' });
	});

	it('writes through a temporary file and a rename: nothing else is left in the folder', () => {
		const ws = tempDir();
		for (let i = 0; i < 5; i++) recordAttempt(ws, 'hello', { status: 'fail', durationMs: i });
		expect(readdirSync(path.dirname(progressFile(ws)))).toEqual(['progress.json']);
	});

	it('keeps every update when several processes record at once, and readers never see a partial file', async () => {
		// Each writer is a real process: the lock and the rename are what keep the file whole.
		const dir = tempDir();
		const script = path.join(dir, 'writer.mjs');
		await build({
			stdin: {
				contents: `
					import { recordAttempt, recordHint, loadProgress } from ${JSON.stringify(path.join(repoRoot, 'source/progress/index.ts'))};
					const [ws, id, times] = process.argv.slice(2);
					for (let i = 0; i < Number(times); i++) {
						recordAttempt(ws, id, { status: 'fail', durationMs: i });
						recordHint(ws, 'shared', {});
						loadProgress(ws, { warn: (line) => { console.error(line); process.exit(3); } });
					}`,
				resolveDir: repoRoot,
				loader: 'ts',
			},
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: script,
			logLevel: 'silent',
		});
		const ws = path.join(dir, 'ws');
		const writers = ['a', 'b', 'c', 'd'].map((id) => execa(process.execPath, [script, ws, id, '25']));
		await Promise.all(writers);
		const progress = loadProgress(ws, { warn: (line) => expect.fail(line) });
		for (const id of ['a', 'b', 'c', 'd']) expect(progress.exercises[id]!.attempts).toBe(25);
		expect(progress.exercises.shared!.hintsShown).toBe(100);
		expect(readdirSync(path.dirname(progressFile(ws)))).toEqual(['progress.json']);
	});

	const untrusted: Array<[string, string, RegExp]> = [
		['corrupt JSON', '{"tool":"conc-tutor","schemaVersion":1,"exercises":{"hello":{"status":"pas', /is not valid JSON \(corrupt\)/],
		['a foreign file', JSON.stringify({ name: 'some-other-tool', passed: ['hello'] }), /was not written by conc-tutor/],
		['a file from a newer version', JSON.stringify({ tool: 'conc-tutor', schemaVersion: 99, exercises: {} }), /newer conc-tutor \(format 99; this one reads 1\)/],
		['no exercises at all', JSON.stringify({ tool: 'conc-tutor', schemaVersion: 1, exercises: 'all passed' }), /does not have the expected content/],
		['an empty file', '', /is not valid JSON/],
	];

	it.each(untrusted)('moves %s aside with a one-line warning and passes nothing', (_name, content, reason) => {
		const ws = tempDir();
		writeRaw(ws, content);
		const warnings: string[] = [];
		const progress = loadProgress(ws, { warn: (line) => warnings.push(line), now: clock('2030-03-04T05:06:07.089Z') });
		expect(progress.exercises).toEqual({});
		expect(statusOf(progress, 'hello')).toBe('not-started');
		const aside = `${progressFile(ws)}.corrupt-2030-03-04T05-06-07-089Z`;
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(reason);
		expect(warnings[0]).toContain(aside);
		expect(warnings[0]!.includes('\n')).toBe(false);
		expect(readFileSync(aside, 'utf8')).toBe(content);
		expect(existsSync(progressFile(ws))).toBe(false);
	});

	it('an unreadable entry loses only itself: a pass without an attempt, an unknown status; the rest is kept', () => {
		const ws = tempDir();
		const good = { status: 'passed', attempts: 2, hintsShown: 1, firstSeen: 'x', updated: 'x', passedAt: 'x' };
		const content = JSON.stringify({
			tool: 'conc-tutor',
			schemaVersion: 1,
			exercises: { kept: good, hello: { status: 'passed', attempts: 0, hintsShown: 0, firstSeen: 'x', updated: 'x' }, odd: { status: 'done', attempts: 1, hintsShown: 0, firstSeen: 'x', updated: 'x' } },
		});
		writeRaw(ws, content);
		const warnings: string[] = [];
		const progress = loadProgress(ws, { warn: (line) => warnings.push(line), now: clock('2030-03-04T05:06:07.089Z') });
		expect(progress.exercises).toEqual({ kept: good });
		expect(statusOf(progress, 'hello')).toBe('not-started');
		const aside = `${progressFile(ws)}.corrupt-2030-03-04T05-06-07-089Z`;
		expect(warnings).toEqual([`conc-tutor: warning: your progress for hello, odd could not be read and starts afresh; the rest is kept (the original file is at ${aside}).`]);
		expect(readFileSync(aside, 'utf8')).toBe(content);
		// Repaired in place (under the lock): the next reader finds a whole, valid file and says nothing.
		const again: string[] = [];
		expect(loadProgress(ws, { warn: (line) => again.push(line) }).exercises).toEqual({ kept: good });
		expect(again).toEqual([]);
	});

	it('recording over an untrusted file starts fresh instead of keeping what it claimed', () => {
		const ws = tempDir();
		writeRaw(ws, JSON.stringify({ tool: 'conc-tutor', schemaVersion: 1, exercises: { hello: { status: 'passed', attempts: 0, hintsShown: 0, firstSeen: 'x', updated: 'x' }, other: 'junk' } }));
		const entry = recordAttempt(ws, 'hello', { status: 'fail', durationMs: 1 }, { warn: () => {} });
		expect(entry).toMatchObject({ status: 'attempted', attempts: 1 });
		expect(Object.keys(loadProgress(ws).exercises)).toEqual(['hello']);
	});

	it('keeps fields it does not know (written by a newer minor version) when it rewrites the file', () => {
		const ws = tempDir();
		writeRaw(
			ws,
			JSON.stringify({ tool: 'conc-tutor', schemaVersion: 1, future: 1, exercises: { hello: { status: 'attempted', attempts: 1, hintsShown: 0, firstSeen: 'x', updated: 'x', streak: 3 } } }),
		);
		recordHint(ws, 'hello');
		const saved = JSON.parse(readFileSync(progressFile(ws), 'utf8'));
		expect(saved.future).toBe(1);
		expect(saved.exercises.hello).toMatchObject({ streak: 3, hintsShown: 1 });
	});
});

describe('progress under concurrent verifies', () => {
	it('20 pairs of verify at once on one workspace record 40 of 40 attempts, with no warning', async () => {
		const pack = packCopy(graderPack);
		const workspace = path.join(tempDir(), 'work');
		const cli = (...args: string[]) => runCli(['--lessons', pack, '--workspace', workspace, ...args], { env: { ...process.env, NO_COLOR: '1' } });
		await cli('list');
		// --json records like a plain verify, without the type check a plain one runs after its verdict (40
		// TypeScript processes at once are what made this test slow, not the recording under test).
		const results = await Promise.all(Array.from({ length: 20 }, () => [cli('verify', 'sum-worker', '--json'), cli('verify', 'async-withdraw', '--json')]).flat());
		// Starters: every run fails (exit 1), and says nothing about the progress file.
		for (const result of results) {
			expect(result.code).toBe(1);
			expect(result.stderr).not.toMatch(/progress/);
		}
		const progress = JSON.parse(readFileSync(path.join(workspace, '.conc-tutor', 'progress.json'), 'utf8'));
		expect(progress.exercises['sum-worker'].attempts).toBe(20);
		expect(progress.exercises['async-withdraw'].attempts).toBe(20);
	}, 180_000);
});
