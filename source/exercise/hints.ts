// Which hint to offer after a run: the one about the failed check first, else the gentlest not shown.
// The CLI's "Stuck? Hint n" line, the tutor's "h: hint n" offer and the tutor's h key when progress
// cannot be written all use this, so what is offered is what `hint` and h then show.
import { firstFailure } from '../grader/report.js';
import type { VerifyResult } from '../grader/verify.js';
import type { Exercise } from '../lessons/types.js';
import { pickNextHint } from '../progress/index.js';

/**
 * The hint to show next (0-based), or undefined when every hint is shown already. A failure's own hint
 * (the check's `hint`) comes first; otherwise the first hint not shown yet, gentlest first.
 */
export function nextHint(exercise: Exercise, revealed: readonly number[], result?: VerifyResult): number | undefined {
	return pickNextHint(exercise.hints.length, revealed, matchingHint(exercise, result));
}

/** The hint of the first failed check, when it names one that exists. */
export function matchingHint(exercise: Exercise, result?: VerifyResult): number | undefined {
	if (!result || result.status === 'pass') return undefined;
	const hint = firstFailure(result)?.hint;
	return hint !== undefined && hint >= 0 && hint < exercise.hints.length ? hint : undefined;
}
