// The mutation gate end to end on one small fixture exercise (async-withdraw: no workers, graded by exploring
// completion orders): a surviving mutant is printed as a diff with the checks it passed and fails the gate;
// listed as equivalent with a reason it no longer does; a mutants.yaml without a reason is a pack problem.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonsMutantsCommand } from '../../source/commands/lessons-mutants.js';
import { loadPack } from '../../source/lessons/load.js';

const root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-gate-test-'));
const packDir = path.join(root, 'pack');
cpSync(path.resolve('test/fixtures/grader-pack'), packDir, { recursive: true });
const exerciseDir = path.join(packDir, '01-basics/04-async-withdraw');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function gate(json = false): Promise<{ code: number; output: string }> {
	let output = '';
	const code = await lessonsMutantsCommand({ pack: loadPack(packDir), exercises: ['async-withdraw'], jobs: 2, json, write: (text) => void (output += text) });
	return { code, output };
}

describe('lessons check --mutants', () => {
	let survivor = '';

	it('reports a surviving mutant with its diff and the checks it passed, and exits 1', async () => {
		const { code, output } = await gate();
		expect(code).toBe(1);
		// `balance <= amount` behaves like `<` for every balance the check tries (100 and 30 against 70).
		const match = /✗ survived {2}async-withdraw {2}(EqualityOperator\/bank\.ts\/[0-9a-f]{8}) {2}\(bank\.ts:6\)/.exec(output);
		expect(match, output).not.toBeNull();
		survivor = match![1]!;
		expect(output).toContain('passed: compiles, runs, never-overdrawn');
		expect(output).toContain('    --- bank.ts (reference)\n    +++ bank.ts (mutant)\n    @@ -6,1 +6,1 @@\n    -\t\tif (balance < amount) return false;\n    +\t\tif (balance <= amount) return false;\n');
		// Dropping an await is caught by the explored orders: killed, not listed as a survivor.
		expect(output).not.toMatch(/survived {2}async-withdraw {2}AwaitDropped/);
		expect(output).toMatch(/async-withdraw +\d+ +\d+ +\d+ +[1-9]\d* +0 +0 +\d+ s/);
	});

	it('passes once that mutant is listed as equivalent with a reason; a stale entry is reported, not failed', async () => {
		expect(survivor).not.toBe('');
		writeFileSync(
			path.join(exerciseDir, 'mutants.yaml'),
			`equivalent:\n  ${survivor}: the task never withdraws exactly the balance\n  AwaitDropped/bank.ts/00000000: a mutant that no longer exists\n`,
		);
		const { code, output } = await gate(true);
		const report = JSON.parse(output) as { ok: boolean; exercises: Array<{ survived: number; killed: number; equivalent: number; equivalents: unknown[]; stale: unknown[] }> };
		const [summary] = report.exercises;
		expect({ code, ok: report.ok, survived: summary!.survived, equivalent: summary!.equivalent }).toEqual({ code: 0, ok: true, survived: 0, equivalent: 1 });
		expect(summary!.killed).toBeGreaterThan(0);
		expect(summary!.equivalents).toEqual([{ id: survivor, reason: 'the task never withdraws exactly the balance' }]);
		expect(summary!.stale).toEqual([{ id: 'AwaitDropped/bank.ts/00000000', reason: 'a mutant that no longer exists' }]);
	});

	it('refuses an equivalent listed without a reason, naming the file and the field', async () => {
		writeFileSync(path.join(exerciseDir, 'mutants.yaml'), `equivalent:\n  ${survivor}: ''\n`);
		const { code, output } = await gate();
		expect(code).toBe(1);
		expect(output).toContain(`04-async-withdraw/mutants.yaml: equivalent.${survivor}: must not be empty`);
	});

	it('--incremental records the kills, takes them from the record while the files are unchanged, and drops the record when one changes', async () => {
		writeFileSync(path.join(exerciseDir, 'mutants.yaml'), `equivalent:\n  ${survivor}: the task never withdraws exactly the balance\n`);
		const run = async (incremental: 'read' | 'write') => {
			let output = '';
			const code = await lessonsMutantsCommand({ pack: loadPack(packDir), exercises: ['async-withdraw'], jobs: 2, json: true, incremental, write: (text) => void (output += text) });
			const [summary] = (JSON.parse(output) as { exercises: Array<{ killed: number; reused: number; survived: number; timeMs: number }> }).exercises;
			return { code, ...summary! };
		};
		const first = await run('write');
		expect(first).toMatchObject({ code: 0, reused: 0, survived: 0 });
		const record = JSON.parse(readFileSync(path.join(exerciseDir, 'mutants.killed.json'), 'utf8')) as { killed: Record<string, string> };
		expect(Object.keys(record.killed)).toHaveLength(first.killed);
		// Nothing changed: every kill comes from the record, and nothing is graded (no time spent).
		expect(await run('read')).toMatchObject({ code: 0, killed: first.killed, reused: first.killed, survived: 0, timeMs: 0 });
		// A changed check: the record no longer applies, so every mutant is graded again.
		writeFileSync(path.join(exerciseDir, 'check.ts'), `${readFileSync(path.join(exerciseDir, 'check.ts'), 'utf8')}\n// changed\n`);
		const after = await run('read');
		expect(after).toMatchObject({ code: 0, killed: first.killed, reused: 0 });
		expect(after.timeMs).toBeGreaterThan(0);
	});

	it('names an unknown operator in --operators', async () => {
		await expect(lessonsMutantsCommand({ pack: loadPack(packDir), operators: ['AwaitDropped', 'AwaitRemoved'], write: () => {} })).rejects.toThrow(
			/--operators: no operator named AwaitRemoved; the operators are AwaitDropped, /,
		);
	});
});
