// The lesson pack's frontmatter schemas. zod/mini rather than the full zod: it tree-shakes to a few KB,
// and every command (even `list`) validates the pack, so its load time is part of start-up time.
import * as z from 'zod/mini';

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const idMessage = 'must be lowercase words joined by dashes, like "shared-counter"';
const id = z.string().check(z.regex(idPattern, idMessage));
const text = z.string().check(z.minLength(1, 'must not be empty'));

/** A path inside the exercise folder: relative, forward slashes, never climbing out with "..". */
const relativeFile = text.check(
	z.refine(
		(file) => !file.startsWith('/') && !file.includes('\\') && !file.split('/').includes('..'),
		'must be a path inside the exercise folder, like "counter.ts" (no "..", no leading "/")',
	),
);

/** Frontmatter of `lessons/NN-slug/lesson.md`. */
export const lessonFrontmatter = z.strictObject({
	id,
	title: text,
	summary: text,
	/** Live demos opened from this lesson (ids known to the TUI). */
	demos: z._default(z.array(id), []),
});

/** Frontmatter of `lessons/NN-slug/<exercise>/task.md`. */
export const exerciseFrontmatter = z.strictObject({
	id,
	title: text,
	/** Files the learner edits, relative to the exercise folder; the first is opened first. */
	files: z.array(relativeFile).check(z.minLength(1, 'must list at least one file the learner edits')),
	/**
	 * Known-wrong variants: folder under wrong/ → id of the check that must catch it, or a list of ids when
	 * the way it goes wrong is not the code's to choose (a race shows as a lost update, or the compiler kept
	 * the count in a register and wrote it at once): one of them must catch it.
	 */
	wrong: z
		.record(id, z.union([id, z.array(id).check(z.minLength(1, 'must name at least one check'))]))
		.check(z.refine((w) => Object.keys(w).length >= 1, 'needs at least one known-wrong variant')),
	/** Support files from the pack's _lab/ folder, copied into the exercise's lab/ folder with the starter. */
	lab: z._default(z.array(relativeFile), []),
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;
export type ExerciseFrontmatter = z.infer<typeof exerciseFrontmatter>;

/** The error type the schemas above produce (zod/mini's, which is zod's core error). */
export type SchemaError = z.core.$ZodError;

const typeNames: Record<string, string> = {
	string: 'text',
	array: 'a list',
	record: 'a mapping of names to values',
	object: 'a mapping of fields',
	number: 'a number',
	boolean: 'true or false',
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
	let value = data;
	for (const key of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<PropertyKey, unknown>)[key];
	}
	return value;
}

/**
 * Turns a schema error into "field: problem" phrases for one-line messages. zod/mini carries no
 * locale, so the wording is ours; pass the parsed data to tell a missing field from a mistyped one.
 */
export function describeIssues(error: SchemaError, data?: unknown): string {
	return error.issues
		.map((issue) => {
			const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(frontmatter)';
			switch (issue.code) {
				case 'invalid_type': {
					if (issue.path.length > 0 && valueAt(data, issue.path) === undefined) return `${field}: is missing`;
					return `${field}: must be ${typeNames[issue.expected] ?? issue.expected}`;
				}
				case 'unrecognized_keys': {
					const prefix = issue.path.length > 0 ? `${field}.` : '';
					return issue.keys.map((key) => `${prefix}${key}: is not a known field`).join('; ');
				}
				case 'invalid_key': {
					const inner = issue.issues[0]?.message;
					return `${field}: the name ${inner && inner !== 'Invalid input' ? inner : 'is not allowed'}`;
				}
				default:
					return `${field}: ${issue.message === 'Invalid input' ? 'is not valid' : issue.message}`;
			}
		})
		.join('; ');
}

/** A mutant as the mutation gate names it: operator, file, and a hash of the lines it changes. */
const mutantId = z.string().check(
	z.regex(/^[A-Za-z]+\/[^\s]+\/[0-9a-f]{8}(?:-\d+)?$/, 'must be a mutant id as `lessons check --mutants` prints it, like "EqualityOperator/bank.ts/1a2b3c4d"'),
);

/** `lessons/NN-slug/<exercise>/mutants.yaml`: mutants of the reference that cannot change what it does. */
export const mutantsFile = z.strictObject({
	/** Mutant id → one line: why no correct check could tell it from the reference. */
	equivalent: z._default(z.record(mutantId, text), {}),
});

export type MutantsFile = z.infer<typeof mutantsFile>;
