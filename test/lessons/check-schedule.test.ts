import { describe, expect, it } from 'vitest';
import { runsAlone } from '../../source/commands/lessons-check.js';

describe('lessons check: what runs alone', () => {
	it("a timing exercise's reference, so that a busy neighbour never fails it", () => {
		expect(runsAlone(true, 'solution')).toBe(true);
	});

	it('not its starter or known-wrong variants (they fail busy or not), nor anything of an exercise without timing checks', () => {
		expect(runsAlone(true, 'starter')).toBe(false);
		expect(runsAlone(true, 'wrong/one-at-a-time')).toBe(false);
		expect(runsAlone(false, 'solution')).toBe(false);
	});
});
