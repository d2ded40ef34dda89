// Every check type, proven both ways on the grader's fixture pack: the reference passes and each known-wrong
// variant fails on the check it targets.
import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../source/grader/pack-check.js';
import { allExercises, loadPack } from '../../source/lessons/load.js';
import { graderPack } from '../helpers/paths.js';

describe('check library on fixture exercises', () => {
	for (const exercise of allExercises(loadPack(graderPack))) {
		it(`${exercise.id}: reference passes, starter and wrong variants fail where intended`, async () => {
			const rows = await checkExercise(exercise);
			for (const row of rows) expect({ variant: row.variant, ok: row.ok, note: row.note }).toEqual({ variant: row.variant, ok: true, note: row.note });
			expect(rows.length).toBeGreaterThanOrEqual(3);
		});
	}
});

describe('TypeScript as written', () => {
	it('reports a syntax error with file, line and column, and runs nothing', async () => {
		const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const path = await import('node:path');
		const { assembleExercise } = await import('../../source/lessons/assemble.js');
		const { verifyDir } = await import('../../source/grader/verify.js');
		const exercise = allExercises(loadPack(graderPack)).find((e) => e.id === 'sum-worker')!;
		const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-syntax-'));
		assembleExercise(exercise, dir, 'solution');
		writeFileSync(path.join(dir, 'sum.ts'), 'export function sumInWorker(numbers: number[]) {\n\treturn numbers.reduce((a, b) => a + b, 0;\n}\n');
		const result = await verifyDir(exercise, dir);
		rmSync(dir, { recursive: true, force: true });
		expect(result.status).toBe('fail');
		expect(result.checks).toHaveLength(1);
		expect(result.checks[0]).toMatchObject({ id: 'compiles', status: 'fail', message: expect.stringMatching(/^sum\.ts:2:\d+: Expected "\)"/) });
	});
});
