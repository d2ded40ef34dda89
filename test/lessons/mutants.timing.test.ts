// The mutation gate over the bundled pack (issue 13): no mutant of any reference survives unless it is
// listed as equivalent with its reason. Kills recorded in each exercise's mutants.killed.json are taken as
// they are while the exercise's files are unchanged (`npm run mutants` records them); a mutant without a
// recorded kill, or of an exercise changed since, is graded here, alone like every timing-sensitive run.
import { describe, expect, it } from 'vitest';
import { lessonsMutantsCommand } from '../../source/commands/lessons-mutants.js';
import { loadPack } from '../../source/lessons/load.js';

describe('the mutation gate over the bundled pack', () => {
	it('kills every mutant of every reference that is not a listed equivalent', async () => {
		let output = '';
		const code = await lessonsMutantsCommand({ pack: loadPack(), incremental: 'read', jobs: 2, write: (text) => void (output += text) });
		// The gate's own report (survivors as diffs, stale equivalents, the summary table) is the failure message.
		expect(code, output).toBe(0);
	}, 3_600_000);
});
