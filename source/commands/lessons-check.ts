// `conc-tutor lessons check [DIR]`: prove a lesson pack grades what it claims. For every exercise the
// reference passes, the starter fails, and each known-wrong variant fails on its intended check.
import { availableParallelism } from 'node:os';
import type { LessonPack } from '../lessons/types.js';
import { allExercises } from '../lessons/load.js';
import { checkVariant, variantPlan, type VariantRow } from '../grader/pack-check.js';
import { loadSpec, SpecError } from '../grader/verify.js';
import { runJobs } from '../classroom/schedule.js';

export interface LessonsCheckOptions {
	pack: LessonPack;
	exercises?: string[];
	jobs?: number;
	json?: boolean;
	write?: (text: string) => void;
}

/**
 * A timing exercise's reference runs with nothing else running: a busy neighbour must never fail it.
 * Its starter and known-wrong variants must fail busy machine or not (bench/load.mjs), so they share
 * the cores: most of their time is spent waiting out a hang, which alone would make the check 2× longer.
 */
export function runsAlone(timing: boolean, variant: string): boolean {
	return timing && variant === 'solution';
}

export async function lessonsCheckCommand(options: LessonsCheckOptions): Promise<number> {
	const write = options.write ?? ((text: string) => process.stdout.write(text));
	const exercises = allExercises(options.pack).filter((e) => !options.exercises?.length || options.exercises.includes(e.id));
	const problems: string[] = [];
	const jobs: Array<{ exclusive: boolean; run: () => Promise<VariantRow> }> = [];
	// Rows print as they finish, so the columns are sized from the plan beforehand.
	const columns = { variant: 'variant'.length, expected: 'expected'.length };
	for (const exercise of exercises) {
		let timing = false;
		try {
			timing = (await loadSpec(exercise)).checks.some((check) => check.timing);
		} catch (error) {
			problems.push(error instanceof SpecError ? error.message : `${exercise.path}/check.ts: ${(error as Error).message}`);
			continue;
		}
		for (const [variant, expected] of variantPlan(exercise)) {
			jobs.push({ exclusive: runsAlone(timing, variant), run: () => checkVariant(exercise, variant, expected) });
			columns.variant = Math.max(columns.variant, variant.length);
			columns.expected = Math.max(columns.expected, expected.length);
		}
	}
	const rows: VariantRow[] = [];
	const width = Math.max(8, ...exercises.map((e) => e.id.length));
	if (!options.json) write(`${'exercise'.padEnd(width)}  ${'variant'.padEnd(columns.variant)}  ${'expected'.padEnd(columns.expected)}  result\n`);
	await runJobs(jobs, {
		jobs: options.jobs ?? availableParallelism(),
		onDone(_, row) {
			rows.push(row);
			if (!options.json) {
				const result = row.ok ? '✓ ok' : row.inconclusive ? `? ${row.note}` : `✗ ${row.note}`;
				write(`${row.exercise.padEnd(width)}  ${row.variant.padEnd(columns.variant)}  ${row.expected.padEnd(columns.expected)}  ${result}\n`);
			}
		},
	});
	// A reference the machine was too busy to judge is neither proof nor disproof: counted apart, and it
	// does not fail the pack (a wrong variant that is not failed always does).
	const unjudged = rows.filter((row) => row.inconclusive);
	const bad = rows.filter((row) => !row.ok && !row.inconclusive);
	if (options.json) {
		write(`${JSON.stringify({ ok: bad.length === 0 && problems.length === 0, inconclusive: unjudged.length, problems, rows }, null, 2)}\n`);
	} else {
		for (const problem of problems) write(`✗ ${problem}\n`);
		const passed = rows.length - bad.length - unjudged.length;
		const notJudged = unjudged.length > 0 ? `, ${unjudged.length} could not be judged (the machine was too busy)` : '';
		write(`\n${passed} passed, ${bad.length + problems.length} failed${notJudged}\n`);
	}
	return bad.length === 0 && problems.length === 0 ? 0 : 1;
}
