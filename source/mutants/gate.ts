// Grading one mutant like a learner's submission, and the exercise's list of known equivalent mutants.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assembleExercise } from '../lessons/assemble.js';
import { PackError } from '../lessons/errors.js';
import { describeIssues, mutantsFile } from '../lessons/schema.js';
import type { Exercise } from '../lessons/types.js';
import { firstFailure } from '../grader/report.js';
import { verifyDir } from '../grader/verify.js';
import { formatHunk, type Mutant } from './generate.js';

export const MUTANTS_FILE = 'mutants.yaml';

/** The exercise's equivalent mutants (id → reason) from mutants.yaml beside check.ts; none if there is no file. */
export function loadEquivalents(exercise: Exercise): Map<string, string> {
	const file = path.join(exercise.path, MUTANTS_FILE);
	if (!existsSync(file)) return new Map();
	let data: unknown;
	try {
		data = parseYaml(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new PackError(file, `is not valid YAML (${(error as Error).message.split('\n')[0]})`);
	}
	const parsed = mutantsFile.safeParse(data ?? {});
	if (!parsed.success) throw new PackError(file, describeIssues(parsed.error, data ?? {}));
	return new Map(Object.entries(parsed.data.equivalent));
}

export interface MutantRow {
	exercise: string;
	id: string;
	operator: string;
	kind: Mutant['kind'];
	file: string;
	line: number;
	description: string;
	/** killed: a check failed; survived: every check passed; error: the grader itself failed. */
	status: 'killed' | 'survived' | 'error';
	/** The first failing check and its message (killed), or the grader's error. */
	note: string;
	/** Checks the mutant passed. */
	passed: string[];
	diff: string[];
	durationMs: number;
	seed: number;
}

/** Writes the reference as a learner would have it, the mutant's files over it, and grades it with `seed`. */
export async function checkMutant(exercise: Exercise, mutant: Mutant, seed: number): Promise<MutantRow> {
	const base = {
		exercise: exercise.id,
		id: mutant.id,
		operator: mutant.operator,
		kind: mutant.kind,
		file: mutant.file,
		line: mutant.line,
		description: mutant.description,
		diff: [...formatHunk(mutant.hunk), ...Object.keys(mutant.files).filter((f) => f !== mutant.file).map((f) => `+++ ${f} (added by the mutant)`)],
		seed,
	};
	const started = Date.now();
	const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-mutant-'));
	try {
		assembleExercise(exercise, dir, 'solution');
		for (const [file, content] of Object.entries(mutant.files)) {
			mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			writeFileSync(path.join(dir, file), content);
		}
		const result = await verifyDir(exercise, dir, { seed });
		const failure = firstFailure(result);
		return {
			...base,
			status: result.status === 'pass' ? 'survived' : 'killed',
			note: failure ? `${failure.id}: ${failure.message}` : '',
			passed: result.checks.filter((c) => c.status === 'pass').map((c) => c.id),
			durationMs: result.durationMs,
		};
	} catch (error) {
		return { ...base, status: 'error', note: (error as Error).message, passed: [], durationMs: Date.now() - started };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
