/** Exit codes shared by every command: scripts and the grader's callers rely on them. */
export const EXIT = {
	/** Done (for verify: passed). */
	ok: 0,
	/** The command ran but the answer is "no" (verify: failed) or the environment got in the way. */
	fail: 1,
	/** The command line or the lesson pack is wrong: nothing was done. */
	usage: 2,
	/** verify: the machine was too busy to judge the code, even after re-runs (neither pass nor fail). */
	inconclusive: 3,
} as const;
