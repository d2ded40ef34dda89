// Type errors as a warning beside the verdict (issue 18, item 8): TypeScript's checker over the exercise's
// files, in its own process (dist/typecheck.js), with the workspace's settings. Syntax errors are the
// grader's 'compiles' check; type errors never fail a run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { typeCheck, typeWarningLines } from '../../source/typecheck/typecheck.js';

const root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-types-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(root, 'ex-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
	return dir;
}

describe('typeCheck', () => {
	it('finds type errors by file, line and column, counting all and listing the first few', async () => {
		const dir = folder({
			'sum.ts': "import { Worker } from 'node:worker_threads';\nexport const n: number = 'one';\nexport const w: Worker = 3;\n",
			'other.ts': "import { sum } from './sum.js';\nexport const s: string = 1;\n",
		});
		const report = await typeCheck(dir, { limit: 2 });
		expect(report?.total).toBe(4); // a missing export is an error too
		expect(report?.issues).toHaveLength(2);
		expect(report?.issues[0]).toMatchObject({ file: 'other.ts', line: 1, column: 10 });
		const lines = typeWarningLines(report, 100);
		expect(lines[0]).toBe('⚠ 4 type errors (first 2 shown): the grader runs your code anyway, but an editor would flag them.');
		expect(lines[2]).toMatch(/^ {2}other\.ts:2:14 Type 'number' is not assignable to type 'string'\.$/);
	}, 150_000);

	it('finds none in code that uses Node\'s APIs correctly (Node\'s types are found), and then warns of nothing', async () => {
		const dir = folder({
			'ok.ts': "import { Worker } from 'node:worker_threads';\nimport { fork } from 'node:child_process';\nexport const make = (): Worker => new Worker(new URL('./w.js', import.meta.url));\nexport const child = () => fork('x.js');\nawait Promise.resolve();\n",
		});
		const report = await typeCheck(dir);
		expect(report).toEqual({ total: 0, issues: [] });
		expect(typeWarningLines(report)).toEqual([]);
	}, 150_000);
});
