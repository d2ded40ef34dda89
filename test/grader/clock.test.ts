// The event-loop heartbeat keeps its own clock: a solution that replaces performance.now or Date.now
// cannot make a blocked loop look responsive.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failed, fixtureExercise, gradeWith } from '../helpers/grader.js';

describe('the heartbeat clock', () => {
	it('sees a blocked event loop even when the solution fakes performance.now and Date.now', async () => {
		const result = await gradeWith(fixtureExercise('responsive'), path.resolve('test/fixtures/hostile/fakes-clock'));
		expect(result.status).toBe('fail');
		expect(failed(result)['event-loop-responsive']).toMatch(/blocked for \d+ ms/);
	}, 60_000);
});
