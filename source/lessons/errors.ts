/** A problem in a lesson pack, phrased for the person who wrote it: which file, which field. */
export class PackError extends Error {
	constructor(
		readonly file: string,
		readonly problem: string,
	) {
		super(`${file}: ${problem}`);
		this.name = 'PackError';
	}
}

/** A problem in an exercise's check.ts, found when the grader loads it: the message names the file. */
export class SpecError extends Error {
	override name = 'SpecError';
}
