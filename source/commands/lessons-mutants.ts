// `conc-tutor lessons check --mutants [DIR]`: the mutation gate. Every exercise's reference solution is
// mutated the way concurrent code goes wrong (and by Stryker's generic operators), and each mutant is graded
// like a learner's submission, isolated, with a seed fixed per exercise. A mutant that passes every check
// has survived: some rule of the task is not checked. Known equivalent mutants (mutants.yaml) are listed
// apart and do not fail the gate.
import { availableParallelism } from 'node:os';
import type { Exercise, LessonPack } from '../lessons/types.js';
import { allExercises } from '../lessons/load.js';
import { PackError } from '../lessons/errors.js';
import { checkVariant, type VariantRow } from '../grader/pack-check.js';
import { loadSpec, SpecError } from '../grader/verify.js';
import { runJobs, type Job } from '../classroom/schedule.js';
import { exerciseSeed, generateMutants, type ExerciseMutants, type Mutant } from '../mutants/generate.js';
import { GENERIC_OPERATORS } from '../mutants/generic.js';
import { CONCURRENCY_OPERATORS } from '../mutants/operators.js';
import { UsageError } from '../cli/errors.js';
import { checkMutant, loadEquivalents, MUTANTS_FILE, type MutantRow } from '../mutants/gate.js';
import { readRecord, recordKey, RECORD_FILE, sharedFiles, writeRecord } from '../mutants/record.js';

/** Generic (Stryker) mutants graded per exercise when it has more; the concurrency ones are never sampled. */
export const DEFAULT_SAMPLE = 10;

export interface MutantsOptions {
	pack: LessonPack;
	exercises?: string[];
	jobs?: number;
	json?: boolean;
	/** Generic mutants per exercise (default DEFAULT_SAMPLE; Infinity for all). */
	sample?: number;
	/** Only these operators. */
	operators?: string[];
	/**
	 * Reuse the kills recorded in each exercise's mutants.killed.json while its files are unchanged
	 * ('read'), and also record this run's kills there ('write').
	 */
	incremental?: 'read' | 'write';
	write?: (text: string) => void;
	/** Progress lines while grading (with --json they go here, e.g. to stderr, and stdout stays one document). */
	progress?: (text: string) => void;
}

export interface ExerciseSummary {
	exercise: string;
	seed: number;
	/** Every mutant generated, before sampling. */
	generated: number;
	/** Graded: the concurrency mutants and the sample of the generic ones. */
	graded: number;
	killed: number;
	/** Of the killed: taken from the exercise's record instead of graded again. */
	reused: number;
	survived: number;
	equivalent: number;
	errors: number;
	generic: { total: number; graded: number };
	concurrency: number;
	/** Grading time of the reference and every mutant, added up (jobs run side by side, so more than wall time). */
	timeMs: number;
	/** The reference failed with the exercise's seed, so no mutant was graded. */
	reference?: string;
	survivors: MutantRow[];
	errorRows: MutantRow[];
	equivalents: Array<{ id: string; reason: string }>;
	/** Entries of mutants.yaml that match no generated mutant. */
	stale: Array<{ id: string; reason: string }>;
	mutants: MutantRow[];
}

interface Plan {
	exercise: Exercise;
	timing: boolean;
	seed: number;
	mutants: ExerciseMutants;
	equivalents: Map<string, string>;
	key: string;
	/** Kills recorded earlier against the same files (id → note). */
	recorded: Map<string, string>;
}

export async function lessonsMutantsCommand(options: MutantsOptions): Promise<number> {
	const write = options.write ?? ((text: string) => process.stdout.write(text));
	const started = Date.now();
	const sample = options.sample ?? DEFAULT_SAMPLE;
	const known = [...CONCURRENCY_OPERATORS, ...GENERIC_OPERATORS];
	const unknown = options.operators?.filter((name) => !known.includes(name)) ?? [];
	if (unknown.length > 0) throw new UsageError(`--operators: no operator named ${unknown.join(', ')}; the operators are ${known.join(', ')}`);
	const exercises = allExercises(options.pack).filter((e) => !options.exercises?.length || options.exercises.includes(e.id));
	const problems: string[] = [];
	const plans: Plan[] = [];
	// Read once: every exercise's record hashes them.
	const shared = sharedFiles(options.pack);
	for (const exercise of exercises) {
		try {
			const timing = (await loadSpec(exercise)).checks.some((check) => check.timing);
			const equivalents = loadEquivalents(exercise);
			const mutants = await generateMutants(exercise, { sample, operators: options.operators, equivalent: new Set(equivalents.keys()) });
			const seed = exerciseSeed(exercise.id);
			const key = recordKey(options.pack, exercise, shared);
			const recorded = options.incremental ? readRecord(exercise, key, seed) : new Map<string, string>();
			plans.push({ exercise, timing, seed, mutants, equivalents, key, recorded });
		} catch (error) {
			if (error instanceof SpecError || error instanceof PackError) problems.push(error.message);
			else problems.push(`${exercise.path}: ${(error as Error).message}`);
		}
	}
	const jobs = options.jobs ?? availableParallelism();
	const say = (text: string) => {
		if (!options.json) write(text);
		else options.progress?.(text);
	};
	const toGrade = (plan: Plan) => plan.mutants.selected.filter((mutant) => !plan.recorded.has(mutant.id));
	const total = plans.reduce((n, p) => n + p.mutants.selected.length, 0);
	const fresh = plans.reduce((n, p) => n + toGrade(p).length, 0);
	const reusing = total > fresh ? ` (${total - fresh} killed before, taken from ${RECORD_FILE})` : '';
	say(`Mutation gate: ${plans.length} exercise${plans.length === 1 ? '' : 's'}, ${fresh} mutants to grade${reusing} (generic ones sampled to ${sample} per exercise), ${jobs} at a time.\n`);

	// The reference first, with each exercise's seed: a mutant is only "killed" if the reference passes there
	// (an exercise whose every mutant is taken from its record was proven so when the record was made).
	const references = await runJobs(
		plans.map((plan): Job<VariantRow> => ({
			exclusive: plan.timing,
			run: async () =>
				toGrade(plan).length > 0
					? checkVariant(plan.exercise, 'solution', 'pass', plan.seed)
					: { exercise: plan.exercise.id, variant: 'solution', expected: 'pass', status: 'pass', failed: [], ok: true, tries: 0, note: 'recorded', durationMs: 0, seed: plan.seed },
		})),
		{ jobs },
	);
	const rows = new Map<string, MutantRow[]>(plans.map((p) => [p.exercise.id, []]));
	const mutantJobs: Array<Job<MutantRow>> = [];
	plans.forEach((plan, i) => {
		if (!references[i]?.ok) return;
		for (const mutant of plan.mutants.selected) {
			const note = plan.recorded.get(mutant.id);
			if (note !== undefined) rows.get(plan.exercise.id)!.push(recordedRow(plan, mutant, note));
			else mutantJobs.push({ exclusive: plan.timing, run: () => checkMutant(plan.exercise, mutant, plan.seed) });
		}
	});
	let done = 0;
	await runJobs(mutantJobs, {
		jobs,
		onDone(_, row) {
			done++;
			rows.get(row.exercise)!.push(row);
			if (row.status === 'survived') say(`\n${survivorText(row)}`);
			else if (row.status === 'error') say(`\n✗ error     ${row.exercise}  ${row.id}: ${row.note}\n`);
			else if (done % 25 === 0) say(`  … ${done}/${mutantJobs.length} graded\n`);
		},
	});

	const summaries: ExerciseSummary[] = plans.map((plan, i) => {
		const list = (rows.get(plan.exercise.id) ?? []).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id));
		const generatedIds = new Set(plan.mutants.all.map((m) => m.id));
		const equivalents = [...plan.equivalents].filter(([id]) => generatedIds.has(id)).map(([id, reason]) => ({ id, reason }));
		const stale = [...plan.equivalents].filter(([id]) => !generatedIds.has(id)).map(([id, reason]) => ({ id, reason }));
		const reference = references[i]!;
		return {
			exercise: plan.exercise.id,
			seed: plan.seed,
			generated: plan.mutants.all.length,
			graded: plan.mutants.selected.length,
			killed: list.filter((r) => r.status === 'killed').length,
			reused: list.filter((r) => r.status === 'killed' && plan.recorded.has(r.id)).length,
			survived: list.filter((r) => r.status === 'survived').length,
			equivalent: equivalents.length,
			errors: list.filter((r) => r.status === 'error').length,
			generic: { total: plan.mutants.generic.total, graded: plan.mutants.generic.selected },
			concurrency: plan.mutants.concurrency,
			timeMs: reference.durationMs + list.reduce((ms, r) => ms + r.durationMs, 0),
			...(reference.ok ? {} : { reference: reference.note }),
			survivors: list.filter((r) => r.status === 'survived'),
			errorRows: list.filter((r) => r.status === 'error'),
			equivalents,
			stale,
			mutants: list,
		};
	});
	if (options.incremental === 'write') {
		plans.forEach((plan, i) => {
			if (!summaries[i]!.reference) writeRecord(plan.exercise, plan.key, plan.seed, new Map(summaries[i]!.mutants.filter((r) => r.status === 'killed').map((r) => [r.id, r.note])));
		});
	}
	const failedReferences = summaries.filter((s) => s.reference);
	const ok = problems.length === 0 && failedReferences.length === 0 && summaries.every((s) => s.survived === 0 && s.errors === 0);
	const wallMs = Date.now() - started;

	if (options.json) {
		write(`${JSON.stringify({ ok, sample, jobs, wallMs, problems, exercises: summaries }, null, 2)}\n`);
		return ok ? 0 : 1;
	}
	write(`\n${summaryTable(summaries)}\n`);
	for (const s of summaries) {
		if (s.reference) write(`✗ ${s.exercise}: the reference does not pass with seed ${s.seed}, so its mutants were not graded: ${s.reference}\n`);
		for (const e of s.equivalents) write(`= ${s.exercise}  ${e.id}: equivalent, ${e.reason}\n`);
		for (const e of s.stale) write(`? ${s.exercise}  ${e.id}: listed in ${MUTANTS_FILE} as equivalent, but no such mutant is generated any more (stale)\n`);
	}
	for (const problem of problems) write(`✗ ${problem}\n`);
	const sum = (key: 'graded' | 'killed' | 'reused' | 'survived' | 'equivalent' | 'errors') => summaries.reduce((n, s) => n + s[key], 0);
	const reused = sum('reused') > 0 ? ` (${sum('reused')} of them from the records)` : '';
	write(
		`\n${sum('killed')} killed${reused}, ${sum('survived')} survived, ${sum('equivalent')} equivalent, ${sum('errors')} errors of ${sum('graded')} graded; ${(wallMs / 1000).toFixed(0)} s\n`,
	);
	if (!ok) write(`The gate fails: ${sum('survived') > 0 ? 'a mutant the checks cannot tell from the reference means a rule they do not check; strengthen a check, or list the mutant in the exercise\'s mutants.yaml with the reason it cannot matter.' : 'see above.'}\n`);
	return ok ? 0 : 1;
}

/** A mutant killed in an earlier run against the same files, as its row. */
function recordedRow(plan: Plan, mutant: Mutant, note: string): MutantRow {
	const { id, operator, kind, file, line, description } = mutant;
	return { exercise: plan.exercise.id, id, operator, kind, file, line, description, status: 'killed', note, passed: [], diff: [], durationMs: 0, seed: plan.seed };
}

/** A survivor: its id, what changed, the checks it passed, and the diff against the reference. */
export function survivorText(row: MutantRow): string {
	return [
		`✗ survived  ${row.exercise}  ${row.id}  (${row.file}:${row.line})`,
		`  ${row.description}`,
		`  passed: ${row.passed.join(', ')} (seed ${row.seed})`,
		...row.diff.map((line) => `    ${line}`),
		'',
	].join('\n');
}

function summaryTable(summaries: ExerciseSummary[]): string {
	const width = Math.max(8, ...summaries.map((s) => s.exercise.length));
	const head = `${'exercise'.padEnd(width)}  generated  graded  killed  survived  equivalent  errors   time`;
	const lines = summaries.map(
		(s) =>
			`${s.exercise.padEnd(width)}  ${String(s.generated).padStart(9)}  ${String(s.graded).padStart(6)}  ${String(s.killed).padStart(6)}  ${String(s.survived).padStart(8)}  ${String(s.equivalent).padStart(10)}  ${String(s.errors).padStart(6)}  ${`${(s.timeMs / 1000).toFixed(0)} s`.padStart(5)}`,
	);
	return [head, ...lines].join('\n');
}
