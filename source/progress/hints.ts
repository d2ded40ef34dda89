// Which hint comes next: the same rule for `conc-tutor hint` and the tutor's h key, so both show the
// same sequence. The hint about the check that failed last comes first (when it has not been shown);
// otherwise the gentlest one not shown yet. Hints are numbered from 0, gentlest first.

/** The next hint of `total` to show, or undefined when all of them were shown. */
export function pickNextHint(total: number, shown: readonly number[], preferred?: number): number | undefined {
	if (preferred !== undefined && preferred >= 0 && preferred < total && !shown.includes(preferred)) return preferred;
	for (let index = 0; index < total; index++) if (!shown.includes(index)) return index;
	return undefined;
}
