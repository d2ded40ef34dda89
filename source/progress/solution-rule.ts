import type { ExerciseProgress } from './schema.js';

/** Attempts after which the reference solution may be opened before passing (with a confirmation). */
export const SOLUTION_AFTER_ATTEMPTS = 3;

/** open: passed; confirm: not passed but tried enough, ask first; locked: keep trying. */
export function solutionAccess(entry: ExerciseProgress | undefined): 'open' | 'confirm' | 'locked' {
	if (entry?.status === 'passed') return 'open';
	return (entry?.attempts ?? 0) >= SOLUTION_AFTER_ATTEMPTS ? 'confirm' : 'locked';
}
