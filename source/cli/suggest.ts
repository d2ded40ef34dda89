// "Did you mean ...?" for mistyped commands and exercise ids.

/** Edits (insert, delete, substitute, swap two neighbours) that turn a into b. */
function distance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) d[0]![j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			// A swapped pair of letters ("lsit") is one slip of the fingers, not two.
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
			d[i]![j] = best;
		}
	}
	return d[a.length]![b.length]!;
}

/** The candidate closest to `input`, when it is close enough to be a plausible typo (or a prefix). */
export function closest(input: string, candidates: readonly string[]): string | undefined {
	// Nothing far longer than every candidate is a typo of one (and comparing it would cost seconds).
	if (input.length > 2 * Math.max(0, ...candidates.map((c) => c.length)) + 3) return undefined;
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const d = candidate.startsWith(input) && input.length >= 3 ? 0.5 : distance(input, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}
