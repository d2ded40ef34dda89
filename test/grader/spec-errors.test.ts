// A check.ts with a mistake is the lesson author's, and is said so in one line (issue 18, item 14): a field
// of the wrong type, a throw at import, a loop at import. The loop is ended (the grader loads each check
// once in a worker thread first), and `grade` still grades every other cell and writes its report.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { graderPack } from '../helpers/paths.js';

let root: string;

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-spec-errors-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the grader's fixture pack whose sum-worker check.ts is rewritten by `edit`. */
function packWith(name: string, edit: (check: string) => string): string {
	const pack = path.join(root, name);
	cpSync(graderPack, pack, { recursive: true });
	const check = path.join(pack, '01-basics', '01-sum-worker', 'check.ts');
	writeFileSync(check, edit(readFileSync(check, 'utf8')));
	return pack;
}

function verify(pack: string) {
	const workspace = path.join(root, `ws-${path.basename(pack)}`);
	return runCli(['--lessons', pack, '--workspace', workspace, 'verify', 'sum-worker'], { env: process.env, timeoutMs: 90_000 });
}

describe('a check.ts with a mistake', () => {
	it('a field of the wrong type: the file and the field, in one line, as the pack\'s problem', async () => {
		const pack = packWith('bad-field', (check) => check.replace("checks.noLeaks(),", "{ id: 'x', evaluate: () => true },"));
		const { code, stderr } = await verify(pack);
		expect(code).toBe(2);
		expect(stderr.trim().split('\n').at(-1)).toBe(
			`conc-tutor: the lesson pack has a problem: ${pack}/01-basics/01-sum-worker/check.ts: field checks.3.title: expected a string, got undefined`,
		);
		expect(stderr).not.toMatch(/inside the tool|Invalid input/);
	});

	it('a throw at import: named as such, not as the tool\'s trouble', async () => {
		const pack = packWith('throws', (check) => `${check}\nthrow new Error('forgot to finish this check');\n`);
		const { code, stderr } = await verify(pack);
		expect(code).toBe(2);
		expect(stderr).toMatch(/the lesson pack has a problem: .*check\.ts throws while loading: Error: forgot to finish this check/);
		expect(stderr).not.toMatch(/inside the tool/);
	});

	it('a loop at import is ended, and said to be one', async () => {
		const pack = packWith('loops', (check) => `${check}\nfor (;;) {}\n`);
		const started = Date.now();
		const { code, stderr } = await verify(pack);
		expect(code).toBe(2);
		expect(stderr).toMatch(/check\.ts did not finish loading within \d+ s \(a loop at its top level\?\)/);
		expect(Date.now() - started).toBeLessThan(80_000);
	}, 120_000);

	it('under grade, only that exercise\'s cells are errors: the others are graded and the report is written', async () => {
		const pack = packWith('grade-throws', (check) => `${check}\nthrow new Error('forgot to finish this check');\n`);
		const workspace = path.join(root, 'class', 'ada', 'conc-tutor-work');
		expect((await runCli(['--lessons', pack, '--workspace', workspace, 'list'], { env: process.env })).code).toBe(0);
		// Edited, so the cell is graded (an untouched starter is "not started" without loading any check).
		writeFileSync(path.join(workspace, '01-basics', 'sum-worker', 'sum.ts'), 'export async function sumInWorker(): Promise<number> { return 0; }\n');
		const out = path.join(root, 'report.json');
		await runCli(['--lessons', pack, 'grade', path.join(root, 'class'), '--exercises', 'sum-worker,async-withdraw', '--format', 'json', '--out', out, '--no-isolation'], { env: process.env, timeoutMs: 90_000 });
		const report = JSON.parse(readFileSync(out, 'utf8'));
		const cell = (exercise: string) => report.cells.find((c: { exercise: string }) => c.exercise === exercise);
		expect(cell('sum-worker')).toMatchObject({ status: 'error', message: expect.stringMatching(/throws while loading: Error: forgot to finish this check/) });
		expect(cell('async-withdraw').status).toBe('not-started');
	}, 120_000);
});
