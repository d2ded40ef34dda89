import { z } from 'zod';

const id = z
	.string()
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by dashes, like "shared-counter"');

/** Frontmatter of `lessons/NN-slug/lesson.md`. */
export const lessonFrontmatter = z.strictObject({
	id,
	title: z.string().min(1),
	summary: z.string().min(1),
	/** Live demos opened from this lesson (ids known to the TUI). */
	demos: z.array(id).default([]),
});

/** Frontmatter of `lessons/NN-slug/<exercise>/task.md`. */
export const exerciseFrontmatter = z.strictObject({
	id,
	title: z.string().min(1),
	/** Files the learner edits, relative to the exercise folder; the first is opened first. */
	files: z.array(z.string().min(1)).min(1),
	/** Known-wrong variants: folder under wrong/ → id of the check that must catch it. */
	wrong: z.record(id, id).refine((w) => Object.keys(w).length >= 1, 'needs at least one known-wrong variant'),
	/** Support files from the pack's _lab/ folder, copied into the exercise's lab/ folder with the starter. */
	lab: z.array(z.string().min(1)).default([]),
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;
export type ExerciseFrontmatter = z.infer<typeof exerciseFrontmatter>;

/** Turns a zod error into "field: problem" phrases for one-line messages. */
export function describeIssues(error: z.ZodError): string {
	return error.issues
		.map((issue) => {
			const field = issue.path.length > 0 ? issue.path.join('.') : '(frontmatter)';
			return `${field}: ${issue.message}`;
		})
		.join('; ');
}
