// The progress file's format. Bump PROGRESS_SCHEMA_VERSION only for changes an older conc-tutor could
// not read; new optional fields need no bump, because entries are loose objects whose unknown fields
// are kept when the file is rewritten.
import * as z from 'zod/mini';

export const PROGRESS_SCHEMA_VERSION = 1;

/** Marks the file as ours, so a stray progress.json from another tool is recognised as foreign. */
export const PROGRESS_TOOL = 'conc-tutor';

export type ExerciseStatus = 'not-started' | 'attempted' | 'passed';

const count = z.int().check(z.nonnegative());

const lastResult = z.looseObject({
	status: z.enum(['pass', 'fail']),
	failedCheck: z.optional(z.string()),
	message: z.optional(z.string()),
	durationMs: z.number().check(z.nonnegative()),
	at: z.string(),
	/** A hash of the files graded (see AttemptSummary.version). */
	version: z.optional(z.string()),
	/** The hint (0-based) about the check that failed: shown first when the learner asks for one. */
	hint: z.optional(count),
});

export const exerciseEntry = z
	.looseObject({
		status: z.enum(['not-started', 'attempted', 'passed']),
		attempts: count,
		hintsShown: count,
		/** Which hints were shown (0-based), in order; hintsShown is their number. Older files have only the count. */
		hints: z.optional(z.array(count)),
		lastResult: z.optional(lastResult),
		firstSeen: z.string(),
		updated: z.string(),
		passedAt: z.optional(z.string()),
	})
	// A pass is always the outcome of an attempt: an entry claiming otherwise was not written by us.
	.check(z.refine((entry) => entry.status !== 'passed' || (entry.attempts >= 1 && entry.passedAt !== undefined)));

export const progressFileSchema = z.looseObject({
	tool: z.literal(PROGRESS_TOOL),
	schemaVersion: z.literal(PROGRESS_SCHEMA_VERSION),
	exercises: z.record(z.string(), exerciseEntry),
});

export type ProgressFile = z.infer<typeof progressFileSchema>;
export type ExerciseProgress = z.infer<typeof exerciseEntry>;
export type LastResult = z.infer<typeof lastResult>;
