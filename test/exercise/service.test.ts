// The exercise service (issue 17, item 1): every learner action, whichever side asks. The CLI commands
// build it over the workspace on disk; the tutor over its model (run.tsx gives it the same store).
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../source/cli/io.js';
import { main } from '../../source/cli/program.js';
import { ExerciseService, exerciseService, workspaceStore, type ExerciseStore } from '../../source/exercise/index.js';
import type { VerifyResult } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import type { Exercise } from '../../source/lessons/types.js';
import { loadProgress, recordAttempt } from '../../source/progress/index.js';
import { ensureWorkspace, exerciseFiles } from '../../source/workspace/index.js';

import { repoRoot, shellPack } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

/** A workspace for the shell fixture pack (or a copy of it given as `packDir`), with its starter files. */
function workspaceFor(packDir = shellPack) {
	const pack = loadPack(packDir);
	const dir = tempDir();
	ensureWorkspace(dir, pack);
	return { dir, pack, hello: findExercise(pack, 'hello')! };
}

/** A verdict as the grader returns it; a failure on `greets`, whose hint is `hint`. */
function result(status: VerifyResult['status'], hint?: number, version?: string): VerifyResult {
	return {
		exercise: 'hello',
		status,
		isolation: 'bubblewrap',
		checks: [
			{ id: 'compiles', title: 'compiles', status: 'pass', message: 'compiled' },
			{ id: 'greets', title: 'greets by name', status: status === 'fail' ? 'fail' : 'pass', message: 'expected hello, ada', ...(hint !== undefined && { hint }) },
		],
		durationMs: 42,
		seed: 7,
		seeds: [7],
		trace: null,
		output: '',
		phases: { transformMs: 0, graderStartMs: 0, sandboxStartMs: 0, runMs: 0, teardownMs: 0, checksMs: 0 },
		...(version !== undefined && { version }),
	};
}

describe('grade', () => {
	it('grades the files and records exactly one attempt, with the failed check and its hint', async () => {
		const { dir, hello } = workspaceFor();
		const service = exerciseService(dir);
		const graded: string[] = [];
		const verdict = await service.grade(hello, {
			grade: async (exercise, filesDir) => {
				graded.push(filesDir);
				return result('fail', 1);
			},
		});
		expect(verdict?.status).toBe('fail');
		expect(graded).toEqual([path.dirname(exerciseFiles(dir, hello)[0]!)]);
		expect(loadProgress(dir).exercises.hello).toMatchObject({
			status: 'attempted',
			attempts: 1,
			lastResult: { status: 'fail', failedCheck: 'greets', hint: 1, durationMs: 42 },
		});
	});

	it('the real grader: the starter fails, one attempt is recorded', async () => {
		const { dir, hello } = workspaceFor();
		const verdict = await exerciseService(dir).grade(hello);
		expect(verdict?.status).toBe('fail');
		expect(loadProgress(dir).exercises.hello).toMatchObject({ attempts: 1, lastResult: { status: 'fail' } });
	}, 120_000);

	it('records nothing for a result the machine could not judge, or one a newer grading superseded', async () => {
		const { dir, hello } = workspaceFor();
		const service = exerciseService(dir);
		expect((await service.grade(hello, { grade: async () => result('inconclusive') }))?.status).toBe('inconclusive');
		expect(await service.grade(hello, { grade: async () => result('pass'), current: () => false })).toBeUndefined();
		expect(loadProgress(dir).exercises.hello).toBeUndefined();
	});

	it('a save counts once however many tutors grade it; an explicit verify counts each time', async () => {
		const { dir, hello } = workspaceFor();
		const tutors = [exerciseService(dir), exerciseService(dir)];
		for (const tutor of tutors) await tutor.grade(hello, { trigger: 'save', grade: async () => result('fail', 0, 'v1') });
		expect(loadProgress(dir).exercises.hello?.attempts).toBe(1);
		await tutors[0]!.grade(hello, { trigger: 'manual', grade: async () => result('fail', 0, 'v1') });
		await tutors[1]!.grade(hello, { grade: async () => result('pass', undefined, 'v1') });
		expect(loadProgress(dir).exercises.hello).toMatchObject({ attempts: 3, status: 'passed' });
	});
});

describe('hints', () => {
	/** A copy of the shell pack whose `hello` has four hints, so that the order shows. */
	function fourHints() {
		const pack = path.join(tempDir(), 'pack');
		cpSync(shellPack, pack, { recursive: true });
		appendFileSync(path.join(pack, '01-first-steps/01-hello/hints.md'), '\n## Third\nThe third hint.\n\n## Fourth\nThe fourth hint.\n');
		return pack;
	}

	/** The learner's session: runs that fail on a check with a hint, and hints asked between them. */
	const session: Array<{ fail: number } | 'ask'> = [{ fail: 2 }, 'ask', 'ask', { fail: 3 }, 'ask', 'ask', 'ask'];

	async function cliSequence(pack: string): Promise<{ shown: Array<number | 'all'>; saved: number[] | undefined }> {
		const { dir } = workspaceFor(pack);
		const shown: Array<number | 'all'> = [];
		for (const step of session) {
			if (step !== 'ask') {
				recordAttempt(dir, 'hello', { status: 'fail', failedCheck: 'greets', hint: step.fail, durationMs: 5 });
				continue;
			}
			let stdout = '';
			const io: Io = {
				stdout: { write: (text: string) => (stdout += text), isTTY: false, columns: 100 },
				stderr: { write: () => true },
				stdin: { isTTY: false },
				env: { NO_COLOR: '1' },
				cwd: dir,
			};
			expect(await main(['hint', 'hello', '--lessons', pack, '--workspace', dir], io)).toBe(0);
			const number = Number(/^Hint (\d) of 4/.exec(stdout)?.[1]) - 1;
			// Every hint seen: the CLI shows the last one again.
			shown.push(stdout.includes('You have seen all 4 hints') && shown.includes(number) ? 'all' : number);
		}
		return { shown, saved: loadProgress(dir).exercises.hello?.hints };
	}

	/** As the tutor's h key asks: the hints on screen and the last result go with each request. */
	function tutorSequence(store: (dir: string) => ExerciseStore, exercise: (pack: string) => Exercise, pack: string) {
		const { dir } = workspaceFor(pack);
		const service = new ExerciseService(store(dir));
		const hello = exercise(pack);
		const shown: Array<number | 'all'> = [];
		let revealed: number[] = [];
		let last: VerifyResult | undefined;
		for (const step of session) {
			if (step !== 'ask') {
				recordAttempt(dir, 'hello', { status: 'fail', failedCheck: 'greets', hint: step.fail, durationMs: 5 });
				last = result('fail', step.fail);
				continue;
			}
			const outcome = service.hint(hello, { revealed, result: last });
			if (outcome.kind === 'shown') revealed = [...revealed, outcome.index];
			shown.push(outcome.kind === 'shown' ? outcome.index : 'all');
		}
		return { shown, saved: loadProgress(dir).exercises.hello?.hints, dir };
	}

	it('the same sequence through `conc-tutor hint` and through the tutor, recorded the same way', async () => {
		const pack = fourHints();
		const cli = await cliSequence(pack);
		expect(cli.shown).toEqual([2, 0, 3, 1, 'all']);
		expect(cli.saved).toEqual([2, 0, 3, 1]);
		const helloOf = (dir: string) => findExercise(loadPack(dir), 'hello')!;
		// The tutor's store as run.tsx builds it.
		const tutor = tutorSequence((dir) => workspaceStore(dir, { warn: (line) => expect.fail(line) }), helloOf, pack);
		expect(tutor.shown).toEqual(cli.shown);
		expect(tutor.saved).toEqual(cli.saved);
	});

	it('when progress cannot be written, the tutor still shows the hints in the same order', () => {
		const pack = fourHints();
		const broken = (dir: string): ExerciseStore => ({
			...workspaceStore(dir),
			recordHint: () => {
				throw new Error('read-only workspace');
			},
		});
		const tutor = tutorSequence(broken, (dir) => findExercise(loadPack(dir), 'hello')!, pack);
		expect(tutor.shown).toEqual([2, 0, 3, 1, 'all']);
		expect(tutor.saved).toBeUndefined();
	});

	it('says when an exercise has no hints, and offers after a failure the hint `hint` will show', async () => {
		const { dir, hello } = workspaceFor();
		const service = exerciseService(dir);
		expect(service.hint({ ...hello, hints: [] })).toEqual({ kind: 'no-hints' });
		await service.grade(hello, { grade: async () => result('fail', 1) });
		expect(service.offeredHint(hello, result('fail', 1))).toBe(1);
		expect(service.hint(hello)).toMatchObject({ kind: 'shown', index: 1 });
		expect(service.offeredHint(hello, result('fail', 1))).toBe(0);
		expect(service.hint(hello)).toMatchObject({ kind: 'shown', index: 0, shown: [1, 0] });
		expect(service.offeredHint(hello, result('fail', 1))).toBeUndefined();
		expect(service.hint(hello)).toEqual({ kind: 'all-shown', shown: [1, 0], recorded: true });
	});
});

describe('reset', () => {
	it('puts the starter back and keeps the learner’s version; a second reset has nothing to do', () => {
		const { dir, hello } = workspaceFor();
		const service = exerciseService(dir);
		const file = exerciseFiles(dir, hello)[0]!;
		writeFileSync(file, '// my attempt\n');
		const report = service.reset(hello);
		expect(report.restored).toEqual([file]);
		expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(hello.path, 'starter', path.basename(file)), 'utf8'));
		expect(existsSync(report.backupDir!)).toBe(true);
		expect(readdirSync(report.backupDir!)).toEqual([path.basename(file)]);
		expect(service.reset(hello)).toEqual({ restored: [] });
	});
});

describe('the solution gate', () => {
	it('locked before 3 attempts; then only when confirmed; open after a pass', async () => {
		const { dir, hello } = workspaceFor();
		const service = exerciseService(dir);
		expect(service.solution(hello, true)).toEqual({ gate: { kind: 'locked', attempts: 0 } });
		for (let i = 0; i < 2; i++) await service.grade(hello, { grade: async () => result('fail') });
		expect(service.solutionGate(hello)).toEqual({ kind: 'locked', attempts: 2 });
		await service.grade(hello, { grade: async () => result('fail') });
		expect(service.solution(hello, false)).toEqual({ gate: { kind: 'confirm', attempts: 3 } });
		const confirmed = service.solution(hello, true);
		expect(confirmed.files?.map((file) => file.file)).toEqual(['hello.ts']);
		expect(confirmed.files?.[0]?.text).toBe(readFileSync(path.join(hello.path, 'solution/hello.ts'), 'utf8'));
		await service.grade(hello, { grade: async () => result('pass') });
		expect(service.solution(hello, false).gate).toEqual({ kind: 'open' });
		expect(service.solution(hello, false).files).toHaveLength(1);
	});
});

describe('progress', () => {
	it('reports every exercise of the pack in order, and a damaged file through the warning it is given', async () => {
		const { dir, pack, hello } = workspaceFor();
		const warnings: string[] = [];
		const service = exerciseService(dir, { warn: (line) => warnings.push(line) });
		await service.grade(hello, { grade: async () => result('pass') });
		const doc = service.progressDocument(pack.lessons.flatMap((lesson) => lesson.exercises));
		expect(doc.totals).toMatchObject({ passed: 1, total: doc.exercises.length });
		expect(doc.exercises[0]).toMatchObject({ id: 'hello', status: 'passed', attempts: 1 });
		expect(doc.exercises.slice(1).every((entry) => entry.status === 'not-started')).toBe(true);
		writeFileSync(path.join(dir, '.conc-tutor/progress.json'), '{ not json');
		expect(service.progress().exercises).toEqual({});
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/your progress file is not valid JSON/);
	});
});

describe('layout', () => {
	it('the service is pure: no React, no Ink, nothing from the UI', () => {
		const folder = path.join(repoRoot, 'source/exercise');
		for (const name of readdirSync(folder)) {
			const text = readFileSync(path.join(folder, name), 'utf8');
			for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
				expect(specifier, `${name} imports ${specifier}`).not.toMatch(/^(react|ink)(\/|$)|\/ui\//);
			}
		}
		// index.ts only re-exports.
		const index = readFileSync(path.join(folder, 'index.ts'), 'utf8');
		expect(index.split('\n').filter((line) => line.trim() && !line.startsWith('//') && !/^(export \{|\t|\} from )/.test(line))).toEqual([]);
	});
});
