// Every check type, proven both ways on the grader's fixture pack: the reference passes and each known-wrong
// variant fails on the check it targets.
import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../source/grader/pack-check.js';
import { allExercises, loadPack } from '../../source/lessons/load.js';
import { fixturePack } from './helpers.js';

describe('check library on fixture exercises', () => {
	for (const exercise of allExercises(loadPack(fixturePack))) {
		it(`${exercise.id}: reference passes, starter and wrong variants fail where intended`, async () => {
			const rows = await checkExercise(exercise);
			for (const row of rows) expect({ variant: row.variant, ok: row.ok, note: row.note }).toEqual({ variant: row.variant, ok: true, note: row.note });
			expect(rows.length).toBeGreaterThanOrEqual(3);
		});
	}
});
