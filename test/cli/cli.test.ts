// The command line: parsing, usage errors, the non-interactive commands and their output shapes.
// Most cases run main() in-process; the ones about the real executable spawn dist/cli.js.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOT_A_TERMINAL } from '../../source/commands/tui.js';
import { brokenPack, builtCli, repoRoot, shellPack } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { runCli, runMain } from '../helpers/cli.js';

function oneLine(text: string): string {
	const lines = text.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	return lines[0]!;
}

describe('command line', () => {
	beforeAll(() => {
		if (!existsSync(builtCli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
	});

	it('--version prints the package version; --help lists the commands and global options', async () => {
		const version = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
		expect(await runMain(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
		const help = await runMain(['--help']);
		expect(help.code).toBe(0);
		for (const word of ['list', 'progress', 'hint', 'reset', '--workspace <dir>', '--lessons <dir>', '--version', 'interactive tutor']) {
			expect(help.stdout).toContain(word);
		}
	});

	it('reports an unknown flag in one line naming it, with a usage hint, exit 2', async () => {
		const result = await runMain(['--frobnicate']);
		expect(result.code).toBe(2);
		expect(oneLine(result.stderr)).toBe("conc-tutor: unknown option '--frobnicate'. Run 'conc-tutor --help' for usage.");
		const sub = await runMain(['list', '--jsn']);
		expect(sub.code).toBe(2);
		expect(oneLine(sub.stderr)).toBe("conc-tutor: unknown option '--jsn' (did you mean --json?). Run 'conc-tutor list --help' for usage.");
	});

	it('reports an unknown command in one line, with a suggestion when one is close, exit 2', async () => {
		const result = await runMain(['lsit']);
		expect(result.code).toBe(2);
		expect(oneLine(result.stderr)).toBe("conc-tutor: unknown command 'lsit' (did you mean 'list'?). Run 'conc-tutor --help' to see the commands.");
		expect(oneLine((await runMain(['dance'])).stderr)).toBe("conc-tutor: unknown command 'dance'. Run 'conc-tutor --help' to see the commands.");
	});

	it('reports a missing argument and an unknown exercise id in one line, exit 2', async () => {
		const missing = await runMain(['hint', '--lessons', shellPack]);
		expect(missing.code).toBe(2);
		expect(oneLine(missing.stderr)).toBe("conc-tutor: missing required argument 'exercise-id'. Run 'conc-tutor hint --help' for usage.");
		const unknown = await runMain(['hint', 'helo', '--lessons', shellPack, '--workspace', tempDir()]);
		expect(unknown.code).toBe(2);
		expect(oneLine(unknown.stderr)).toBe("conc-tutor: There is no exercise 'helo' (did you mean 'hello'?); 'conc-tutor list' shows every exercise id.");
	});

	it('reports a broken lesson pack in one line naming the file and the field, exit 2, no stack trace', async () => {
		const result = await runCli(['list', '--lessons', brokenPack, '--workspace', tempDir()]);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(oneLine(result.stderr)).toBe(
			`conc-tutor: the lesson pack has a problem: ${path.join(brokenPack, '01-broken/01-untitled/task.md')}: title: is missing`,
		);
	});

	it('bare conc-tutor without a terminal says so in one sentence and exits 2 (the built executable)', async () => {
		const result = await runCli(['--lessons', shellPack, '--workspace', tempDir()]);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(oneLine(result.stderr)).toBe(NOT_A_TERMINAL);
		expect(NOT_A_TERMINAL).toMatch(/^[^.;]*;[^.]*\.$/);
		expect(NOT_A_TERMINAL).toContain("'conc-tutor list'");
	});

	it('list --json prints one document of the documented shape, creating the workspace (path on stderr)', async () => {
		const ws = path.join(tempDir(), 'my work');
		const result = await runCli(['list', '--json', '--lessons', shellPack, '--workspace', ws]);
		expect(result.code).toBe(0);
		expect(oneLine(result.stderr)).toBe(`conc-tutor: created your workspace at ${ws}`);
		const doc = JSON.parse(result.stdout);
		expect(Object.keys(doc)).toEqual(['workspace', 'lessons']);
		expect(doc.workspace).toBe(ws);
		expect(doc.lessons).toHaveLength(2);
		for (const lesson of doc.lessons) {
			expect(Object.keys(lesson)).toEqual(['id', 'title', 'dir', 'exercises']);
			for (const exercise of lesson.exercises) {
				expect(Object.keys(exercise)).toEqual(['id', 'title', 'status', 'path']);
				expect(['not-started', 'attempted', 'passed']).toContain(exercise.status);
				expect(path.isAbsolute(exercise.path)).toBe(true);
				expect(existsSync(exercise.path)).toBe(true);
			}
		}
		expect(doc.lessons[0]).toEqual({
			id: 'first-steps',
			title: 'First steps',
			dir: '01-first-steps',
			exercises: [
				{ id: 'hello', title: 'Say hello', status: 'not-started', path: path.join(ws, '01-first-steps/hello/hello.ts') },
				{ id: 'count-up', title: 'Count in a worker', status: 'not-started', path: path.join(ws, '01-first-steps/count-up/count.ts') },
			],
		});
		// A second run does not announce the workspace again.
		expect((await runCli(['list', '--json', '--lessons', shellPack, '--workspace', ws])).stderr).toBe('');
	});

	it('takes the workspace from --workspace (before or after the command), else $CONC_TUTOR_WORKSPACE, else ./conc-tutor-work', async () => {
		const cwd = tempDir();
		const viaFlagAfter = await runMain(['list', '--json', '--workspace', 'a', '--lessons', shellPack], { cwd });
		expect(JSON.parse(viaFlagAfter.stdout).workspace).toBe(path.join(cwd, 'a'));
		const viaFlagBefore = await runMain(['--workspace', 'b', '--lessons', shellPack, 'list', '--json'], { cwd });
		expect(JSON.parse(viaFlagBefore.stdout).workspace).toBe(path.join(cwd, 'b'));
		const viaEnv = await runMain(['list', '--json', '--lessons', shellPack], { cwd, env: { CONC_TUTOR_WORKSPACE: 'c' } });
		expect(JSON.parse(viaEnv.stdout).workspace).toBe(path.join(cwd, 'c'));
		const flagWins = await runMain(['list', '--json', '--workspace', 'd', '--lessons', shellPack], { cwd, env: { CONC_TUTOR_WORKSPACE: 'c' } });
		expect(JSON.parse(flagWins.stdout).workspace).toBe(path.join(cwd, 'd'));
		const byDefault = await runMain(['list', '--json', '--lessons', shellPack], { cwd });
		expect(JSON.parse(byDefault.stdout).workspace).toBe(path.join(cwd, 'conc-tutor-work'));
	});

	it('list as text shows statuses in words and the file to edit', async () => {
		const cwd = tempDir();
		const result = await runMain(['list', '--lessons', shellPack], { cwd });
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`Workspace: ${path.join(cwd, 'conc-tutor-work')}`);
		expect(result.stdout).toContain('1. First steps  (0/2 passed)');
		expect(result.stdout).toMatch(/· not started {2}hello +Say hello/);
		expect(result.stdout).toContain(`edit ${path.join('conc-tutor-work', '01-first-steps/hello/hello.ts')}`);
	});

	it('honours NO_COLOR: styled on a terminal, plain with NO_COLOR, and the meaning is in the words either way', async () => {
		const styled = await runMain(['progress', '--lessons', shellPack], { tty: true });
		expect(styled.stdout).toMatch(/\u001B\[/);
		const plain = await runMain(['progress', '--lessons', shellPack], { tty: true, env: { NO_COLOR: '1' } });
		expect(plain.stdout).not.toMatch(/\u001B\[/);
		expect(plain.stdout).toContain('· not started');
	});

	it('hint shows the next hint and counts it; progress reports it', async () => {
		const cwd = tempDir();
		const first = await runMain(['hint', 'hello', '--lessons', shellPack], { cwd });
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('Hint 1 of 2 for hello (Say hello)');
		expect(first.stdout).toContain('Look at what `hello` returns now.');
		const second = await runMain(['hint', 'hello', '--lessons', shellPack], { cwd });
		expect(second.stdout).toContain('Hint 2 of 2');
		expect(second.stdout).toContain('You have seen all 2 hints');
		const third = await runMain(['hint', 'hello', '--lessons', shellPack], { cwd });
		expect(third.stdout).toContain('Hint 2 of 2');
		const progress = JSON.parse((await runMain(['progress', '--json', '--lessons', shellPack], { cwd })).stdout);
		expect(progress.totals).toEqual({ total: 3, passed: 0, attempted: 0, notStarted: 3 });
		expect(progress.exercises[0]).toMatchObject({ id: 'hello', status: 'not-started', hintsShown: 2, attempts: 0 });
		expect(progress.exercises[1]).toEqual({ id: 'count-up', lessonId: 'first-steps', title: 'Count in a worker', status: 'not-started', attempts: 0, hintsShown: 0 });
		expect(progress.schemaVersion).toBe(1);
		expect(progress.file).toBe(path.join(cwd, 'conc-tutor-work/.conc-tutor/progress.json'));
		const text = await runMain(['progress', '--lessons', shellPack], { cwd });
		expect(text.stdout).toContain('0 of 3 exercises passed, 0 attempted');
		expect(text.stdout).toMatch(/hello +2 hints/);
	});

	it('reset restores the starter without asking and tells where the old files went', async () => {
		const cwd = tempDir();
		await runMain(['list', '--lessons', shellPack], { cwd });
		const file = path.join(cwd, 'conc-tutor-work/01-first-steps/hello/hello.ts');
		writeFileSync(file, '// mine\n');
		const result = await runMain(['reset', 'hello', '--lessons', shellPack], { cwd });
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('hello: restored the starter version of hello.ts.');
		expect(result.stdout).toMatch(/Your previous files are kept in .*\.conc-tutor\/backups\/hello-/);
		expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(shellPack, '01-first-steps/01-hello/starter/hello.ts'), 'utf8'));
		expect((await runMain(['reset', 'hello', '--lessons', shellPack], { cwd })).stdout).toContain('nothing to reset');
	});

	it('explains a workspace it cannot use in one line, exit 1', async () => {
		const file = path.join(tempDir(), 'file');
		writeFileSync(file, '');
		const result = await runMain(['list', '--lessons', shellPack, '--workspace', file]);
		expect(result.code).toBe(1);
		expect(oneLine(result.stderr)).toBe(`conc-tutor: ${file} is a file, not a folder; choose a folder with --workspace.`);
	});

	it('explains /proc, a symlink loop and a folder in the way promptly, in one line each', async () => {
		const { symlinkSync, mkdirSync } = await import('node:fs');
		const started = Date.now();
		const proc = await runMain(['list', '--lessons', shellPack, '--workspace', '/proc/conc-tutor-x']);
		expect(proc.code).toBe(1);
		expect(oneLine(proc.stderr)).toMatch(/^conc-tutor: Cannot create folders in \/proc\/conc-tutor-x/);
		const dir = tempDir();
		symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
		symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
		const loop = await runMain(['list', '--lessons', shellPack, '--workspace', path.join(dir, 'a')]);
		expect(loop.code).toBe(1);
		expect(oneLine(loop.stderr)).toMatch(/goes round a loop of symbolic links/);
		const workspace = path.join(tempDir(), 'work');
		mkdirSync(path.join(workspace, '.conc-tutor', 'progress.json'), { recursive: true });
		const inTheWay = await runMain(['hint', 'count-up', '--lessons', shellPack, '--workspace', workspace]);
		expect(inTheWay.code).not.toBe(0);
		expect(inTheWay.stderr).not.toMatch(/went wrong inside the tool/);
		expect(inTheWay.stderr.trimEnd().split('\n').at(-1)).toMatch(/progress\.json holds a folder where conc-tutor keeps a file/);
		// A hang guard, not a speed claim: the /proc case once spun forever.
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	it('prints commands the way they can be run: with npx after `npx conc-tutor`, bare otherwise', async () => {
		const { invocation } = await import('../../source/cli/invocation.js');
		expect(invocation({ npm_command: 'exec' }, '/usr/bin/conc-tutor')).toBe('npx conc-tutor');
		expect(invocation({}, '/home/ann/.npm/_npx/1a2b/node_modules/conc-tutor/dist/cli.js')).toBe('npx conc-tutor');
		expect(invocation({}, '/usr/local/bin/conc-tutor')).toBe('conc-tutor');
		const viaNpx = await runMain(['hint', 'no-such-exercise', '--lessons', shellPack], { env: { npm_command: 'exec' } });
		expect(oneLine(viaNpx.stderr)).toMatch(/'npx conc-tutor list' shows every exercise id/);
		const bare = await runMain(['hint', 'no-such-exercise', '--lessons', shellPack]);
		expect(oneLine(bare.stderr)).toMatch(/; 'conc-tutor list' shows every exercise id/);
	});

	it('an absurdly long exercise id is refused at once, and not echoed whole', async () => {
		const result = await runMain(['hint', 'a'.repeat(120_000), '--lessons', shellPack]);
		expect(result.code).toBe(2);
		expect(oneLine(result.stderr).length).toBeLessThan(200);
	});

	it('bare conc-tutor in-process without a terminal: one sentence, exit 2', async () => {
		const result = await runMain(['--lessons', shellPack], { tty: false });
		expect(result).toEqual({ code: 2, stdout: '', stderr: `${NOT_A_TERMINAL}\n` });
	});
});
