// A class of three workspaces — one passing, one failing, one hostile — graded into every format.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeCommand } from '../../source/commands/grade.js';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { loadPack } from '../../source/lessons/load.js';
import { forLearner } from '../../source/grader/report.js';
import { verifyDir } from '../../source/grader/verify.js';
import { graderPack } from '../helpers/paths.js';
import { processesTagged } from '../helpers/grader.js';
import { parseCsv } from '../helpers/csv.js';

const pack = loadPack(graderPack);
const ids = ['sum-worker', 'async-withdraw'];
const exercises = ids.map((id) => pack.lessons[0]!.exercises.find((e) => e.id === id)!);
let root: string;

function sink() {
	let text = '';
	return { write: (chunk: string) => void (text += chunk), get text() { return text; } };
}

async function grade(args: {
	paths?: string[];
	exercises?: string[];
	format?: string;
	out?: string;
	jobs?: number;
	resume?: boolean;
	signal?: AbortSignal;
	onCell?: (cell: unknown, done: number) => void;
}) {
	const stdout = sink();
	const stderr = sink();
	const code = await gradeCommand({ pack, paths: args.paths ?? [path.join(root, 'class')], exercises: args.exercises ?? ids, ...args, stdout, stderr });
	return { code, stdout: stdout.text, stderr: stderr.text };
}

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-class-'));
	const learners: Record<string, (exercise: (typeof exercises)[number]) => string | undefined> = {
		ada: () => 'solution',
		bob: (e) => (e.id === 'sum-worker' ? 'wrong/no-worker' : undefined),
		eve: (e) => (e.id === 'sum-worker' ? path.relative(e.path, path.resolve('test/fixtures/hostile/kills-parent')) : 'wrong/check-then-act'),
	};
	for (const [name, pick] of Object.entries(learners)) {
		const workspace = path.join(root, 'class', name);
		mkdirSync(path.join(workspace, '.conc-tutor'), { recursive: true });
		for (const exercise of exercises) assembleExercise(exercise, path.join(workspace, '01-basics', exercise.id), pick(exercise));
	}
});

afterAll(() => {
	rmSync(root, { recursive: true, force: true });
	for (const pid of processesTagged('conc-tutor-hostile')) process.kill(pid, 'SIGKILL');
});

describe('grade a class', () => {
	it('gives each learner the right cells in JSON, and jobs 1 and 2 agree', async () => {
		const first = await grade({ format: 'json', jobs: 1 });
		// Said before grading starts: how many cells, and about how long (from the cells' measured times).
		expect(first.stderr).toMatch(/^Grading 6 cells \(3 learners\), 1 at a time: about \d+ (s|min)\.$/m);
		const one = JSON.parse(first.stdout);
		const two = JSON.parse((await grade({ format: 'json', jobs: 2 })).stdout);
		const statuses = (report: { cells: Array<{ learner: string; exercise: string; status: string; failedCheck?: string }> }) =>
			report.cells.map((c) => `${c.learner}/${c.exercise}:${c.status}:${c.failedCheck ?? ''}`);
		expect(statuses(one)).toEqual([
			'ada/sum-worker:pass:',
			'ada/async-withdraw:pass:',
			'bob/sum-worker:fail:workers',
			'bob/async-withdraw:not-started:', // the starter, untouched: not run
			'eve/sum-worker:fail:sum', // its SIGKILLs reach nothing in the sandbox: it fails on its answer
			'eve/async-withdraw:fail:never-overdrawn',
		]);
		expect(statuses(two)).toEqual(statuses(one));
		expect(one.learners.map((l: { name: string; passed: number }) => `${l.name} ${l.passed}`)).toEqual(['ada 2', 'bob 0', 'eve 0']);
		expect(one.cells.find((c: { learner: string }) => c.learner === 'eve').message).toMatch(/0/);
	});

	it('writes CSV a spreadsheet reads back, and valid JUnit XML', async () => {
		const csv = (await grade({ format: 'csv' })).stdout;
		const rows = parseCsv(csv);
		expect(rows[0]).toEqual(['learner', 'exercise', 'status', 'failed_check', 'message', 'duration_ms', 'learner_score', 'isolation']);
		expect(rows.filter((r) => r[0] === 'ada').map((r) => r[6])).toEqual(['2/2', '2/2']);
		const junit = (await grade({ format: 'junit' })).stdout;
		expect(XMLValidator.validate(junit)).toBe(true);
		expect(junit).toMatch(/<testsuite name="bob" tests="2" failures="1" errors="0" skipped="1"/);
		// A run that did not finish is the learner's fail (error is for the grader's own trouble).
		expect(junit).toMatch(/<failure message="[^"]*" type="sum">/);
		expect(junit).not.toMatch(/<error /);
		const table = (await grade({ format: 'table' })).stdout;
		expect(table).toMatch(/ada\s+2\/2\s+✓ ✓/);
		expect(table).toMatch(/eve\s+0\/2\s+✗ ✗/);
		expect(table).toMatch(/bob\s+0\/2\s+✗ ○/);
	});

	it('resumes after an interruption, keeping what was graded', async () => {
		const out = path.join(root, 'report.csv');
		const controller = new AbortController();
		// Interrupt as soon as the first cell is graded, the way Ctrl+C would: a condition, not a fixed time,
		// so a busy machine (slow cells) and a fast one interrupt at the same point.
		const interrupted = await grade({ format: 'csv', out, jobs: 1, signal: controller.signal, onCell: () => controller.abort() });
		expect(interrupted.code).toBe(130);
		// learner, exercise, status, failed_check, message, duration_ms: the score changes as cells are added.
		const cells = () => parseCsv(readFileSync(out, 'utf8')).slice(1).map((row) => row.slice(0, 6));
		const partial = cells();
		expect(partial.length).toBeGreaterThan(0);
		expect(partial.length).toBeLessThan(6);
		const resumed = await grade({ format: 'csv', out, jobs: 2, resume: true });
		expect(resumed.code).toBe(0);
		const all = cells();
		expect(all).toHaveLength(6);
		for (const cell of partial) expect(all).toContainEqual(cell);
	});

	it('resumes a finished run from its journal (any format) or its JSON report; a CSV report alone is refused in one sentence', async () => {
		const ada = [path.join(root, 'class', 'ada')];
		const gradedIn = async (args: Parameters<typeof grade>[0]) => {
			const graded: string[] = [];
			const result = await grade({ paths: ada, jobs: 1, ...args, onCell: (cell) => void graded.push((cell as { exercise: string }).exercise) });
			expect(result.code, result.stderr).toBe(0);
			return graded;
		};
		for (const format of ['csv', 'json']) {
			const out = path.join(root, `finished.${format}`);
			expect(await gradedIn({ format, out, exercises: ['sum-worker'] })).toEqual(['sum-worker']);
			// The journal stays beside a finished report: an exercise added later is the only one graded.
			expect(existsSync(`${out}.cells.jsonl`)).toBe(true);
			if (format === 'json') rmSync(`${out}.cells.jsonl`);
			expect(await gradedIn({ format, out, resume: true })).toEqual(['async-withdraw']);
		}
		const out = path.join(root, 'finished.csv');
		rmSync(`${out}.cells.jsonl`);
		const refused = await grade({ paths: ada, format: 'csv', out, resume: true });
		expect(refused.code).toBe(2);
		expect(refused.stderr).toBe(
			`Cannot resume from ${out}: only a JSON report or the journal beside the report (${out}.cells.jsonl) can be resumed, and there is neither. Grade again without --resume.\n`,
		);
	});

	it('says what is wrong with a path that holds no workspace', async () => {
		const result = await grade({ paths: [`${tmpdir()}/does-not-exist-conc`] });
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/is not a folder/);
	});
});

describe('hidden checks', () => {
	it('learners see only that a hidden check failed; grade shows the instructor everything', async () => {
		const exercise = exercises[0]!;
		const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-hidden-'));
		cpSync(path.join(exercise.path, 'starter'), dir, { recursive: true });
		cpSync(path.join(exercise.path, 'wrong/string-sum'), dir, { recursive: true });
		const full = await verifyDir(exercise, dir);
		const learner = forLearner(full);
		const hidden = learner.checks.find((c) => c.hidden)!;
		expect(hidden).toMatchObject({ title: 'a hidden check', status: 'fail', message: 'a hidden check failed' });
		expect(JSON.stringify(learner.checks)).not.toMatch(/sum-is-number|returns a number|got a string/);
		expect(full.checks.find((c) => c.id === 'sum-is-number')).toMatchObject({ status: 'fail', message: 'got a string' });
		rmSync(dir, { recursive: true, force: true });
	});
});

describe('a class as the README lays it out', () => {
	it('finds class/<learner>/conc-tutor-work and names each learner by their folder, at every depth given', async () => {
		const { discoverLearners } = await import('../../source/classroom/discover.js');
		const { ensureWorkspace } = await import('../../source/workspace/index.js');
		const klass = path.join(root, 'readme-class');
		for (const name of ['alice', 'bob']) ensureWorkspace(path.join(klass, name, 'conc-tutor-work'), pack);
		const names = (paths: string[]) => discoverLearners(paths, pack).map((l) => `${l.name}:${path.relative(klass, l.workspace)}`);
		expect(names([klass])).toEqual(['alice:alice/conc-tutor-work', 'bob:bob/conc-tutor-work']);
		expect(names([path.join(klass, 'alice'), path.join(klass, 'bob')])).toEqual(['alice:alice/conc-tutor-work', 'bob:bob/conc-tutor-work']);
		expect(names([path.join(klass, 'alice', 'conc-tutor-work')])).toEqual(['alice:alice/conc-tutor-work']);
		expect(() => discoverLearners([path.join(root, 'class', 'ada', '01-basics', 'sum-worker')], pack)).toThrow(/holds no conc-tutor workspace/);
	});

	it('reports an untouched starter as not started, in every format, without running it', async () => {
		const { ensureWorkspace } = await import('../../source/workspace/index.js');
		const klass = path.join(root, 'untouched-class');
		ensureWorkspace(path.join(klass, 'carl', 'conc-tutor-work'), pack);
		const json = JSON.parse((await grade({ paths: [klass], format: 'json' })).stdout);
		expect(json.cells.map((c: { learner: string; exercise: string; status: string; durationMs: number }) => `${c.learner}/${c.exercise}:${c.status}:${c.durationMs}`)).toEqual([
			'carl/sum-worker:not-started:0',
			'carl/async-withdraw:not-started:0',
		]);
		const csv = parseCsv((await grade({ paths: [klass], format: 'csv' })).stdout);
		expect(csv.slice(1).map((row) => row[2])).toEqual(['not-started', 'not-started']);
		const junit = (await grade({ paths: [klass], format: 'junit' })).stdout;
		expect(junit).toMatch(/<skipped message="the starter files, unchanged" type="not-started"\/>/);
		expect(junit.match(/type="not-started"/g)).toHaveLength(2);
		expect((await grade({ paths: [klass], format: 'table' })).stdout).toMatch(/carl +0\/2 +○ +○/);
	});
});

describe('how long a class will take', () => {
	it('adds timing-sensitive cells in full and shares the others among the jobs; unmeasured cells count 2 s', async () => {
		const { estimateMs, noteCellTime, roughly } = await import('../../source/classroom/estimate.js');
		const times: Record<string, number> = {};
		noteCellTime(times, 'a', 1000);
		noteCellTime(times, 'a', 2000); // a moving average: one slow cell moves it only part of the way
		expect(times.a).toBe(1300);
		const cells = [
			{ exercise: 'a', exclusive: false },
			{ exercise: 'a', exclusive: false },
			{ exercise: 'b', exclusive: true },
		];
		expect(estimateMs(cells, 2, times)).toBe(1300 + 2000);
		expect([roughly(400), roughly(61_000), roughly(150_000), roughly(5_400_000)]).toEqual(['1 s', '61 s', '3 min', '1 h 30 min']);
	});
});
