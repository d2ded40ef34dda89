// The mutants of one exercise's reference solution: every concurrency operator's, plus Stryker's generic ones
// (sampled with a seed fixed per exercise when there are more than `sample`), each with a stable id and a
// short diff against the reference.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../lessons/types.js';
import { seededRandom } from '../grader/explore.js';
import { applyEdits } from './edits.js';
import { genericCandidates } from './generic.js';
import { concurrencyOperators, type Candidate } from './operators.js';

export interface Hunk {
	file: string;
	/** 1-based line of the first changed line in the reference. */
	line: number;
	removed: string[];
	added: string[];
}

export interface Mutant {
	/** `<operator>/<file>/<hash of the changed lines>`: survives edits elsewhere in the file. */
	id: string;
	operator: string;
	kind: 'concurrency' | 'generic';
	file: string;
	line: number;
	description: string;
	/** What to write over the assembled reference: path inside the exercise → content. */
	files: Record<string, string>;
	hunk: Hunk;
}

export interface ExerciseMutants {
	exercise: string;
	/** Every mutant generated (before sampling): equivalents are matched against these. */
	all: Mutant[];
	/** The mutants to grade: every concurrency one, and the sample of the generic ones (equivalents left out). */
	selected: Mutant[];
	/** Generic mutants that are not known equivalents, and how many of them were selected. */
	generic: { total: number; selected: number };
	/** Concurrency mutants that are not known equivalents (all selected). */
	concurrency: number;
}

/** The smallest block of changed lines between two texts. */
export function hunkOf(file: string, before: string, after: string): Hunk {
	const a = before.split('\n');
	const b = after.split('\n');
	let p = 0;
	while (p < a.length && p < b.length && a[p] === b[p]) p++;
	let s = 0;
	while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
	return { file, line: p + 1, removed: a.slice(p, a.length - s), added: b.slice(p, b.length - s) };
}

/** A short unified-style diff: the file, the line, `-` and `+` lines (long sides cut to `max` lines). */
export function formatHunk(hunk: Hunk, max = 6): string[] {
	const side = (sign: string, lines: string[]) => {
		const shown = lines.slice(0, max).map((line) => `${sign}${line}`);
		if (lines.length > max) shown.push(`${sign}… ${lines.length - max} more lines`);
		return shown;
	};
	return [
		`--- ${hunk.file} (reference)`,
		`+++ ${hunk.file} (mutant)`,
		`@@ -${hunk.line},${hunk.removed.length} +${hunk.line},${hunk.added.length} @@`,
		...side('-', hunk.removed),
		...side('+', hunk.added),
	];
}

export function mutantHash(hunk: Hunk): string {
	const text = [...hunk.removed.map((l) => `-${l.trim()}`), ...hunk.added.map((l) => `+${l.trim()}`)].join('\n');
	return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Files of a folder, path relative to it → text. */
function readTree(dir: string, prefix = ''): Record<string, string> {
	const out: Record<string, string> = {};
	if (!existsSync(dir)) return out;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const rel = prefix + entry.name;
		if (entry.isDirectory()) Object.assign(out, readTree(path.join(dir, entry.name), `${rel}/`));
		else out[rel] = readFileSync(path.join(dir, entry.name), 'utf8');
	}
	return out;
}

/** The exercise as the reference assembles (starter, lab/, solution over them), and the solution's own files. */
export function referenceFiles(exercise: Exercise): { assembled: Record<string, string>; solution: Record<string, string> } {
	const solution = readTree(path.join(exercise.path, 'solution'));
	const assembled = { ...readTree(path.join(exercise.path, 'starter')) };
	for (const file of exercise.lab) assembled[`lab/${path.basename(file)}`] = readFileSync(file, 'utf8');
	Object.assign(assembled, solution);
	return { assembled, solution };
}

/** A number fixed per exercise id: the seed of its sample and of its graded runs. */
export function exerciseSeed(id: string): number {
	return createHash('sha256').update(id).digest().readUInt32BE(0) % 1_000_000;
}

export interface GenerateOptions {
	/** Generic mutants graded per exercise at most (sampled above that); Infinity grades all. */
	sample: number;
	/** Only these operators (names), if given. */
	operators?: string[];
	/** Ids of mutants known to be equivalent: generated, but never selected for grading. */
	equivalent?: ReadonlySet<string>;
}

export async function generateMutants(exercise: Exercise, options: GenerateOptions): Promise<ExerciseMutants> {
	const { assembled, solution } = referenceFiles(exercise);
	const all: Mutant[] = [];
	const seen = new Set<string>();
	const ids = new Map<string, number>();
	const wanted = (operator: string) => !options.operators?.length || options.operators.includes(operator);
	const add = (file: string, source: string, candidate: Candidate, kind: Mutant['kind']) => {
		if (!wanted(candidate.operator)) return;
		const mutated = applyEdits(source, candidate.edits);
		if (mutated === source) return;
		const key = `${file}\0${mutated}`;
		if (seen.has(key)) return; // two operators making the same change: the first (concurrency) one stands
		seen.add(key);
		const hunk = hunkOf(file, source, mutated);
		let id = `${candidate.operator}/${file}/${mutantHash(hunk)}`;
		const n = (ids.get(id) ?? 0) + 1;
		ids.set(id, n);
		if (n > 1) id += `-${n}`;
		all.push({ id, operator: candidate.operator, kind, file, line: hunk.line, description: candidate.description, files: { [file]: mutated, ...candidate.addFiles }, hunk });
	};
	for (const [file, source] of Object.entries(solution).sort(([a], [b]) => a.localeCompare(b))) {
		if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
		for (const operator of concurrencyOperators) {
			for (const candidate of operator(source, { file, files: assembled })) add(file, source, candidate, 'concurrency');
		}
		for (const candidate of await genericCandidates(source, file)) add(file, source, candidate, 'generic');
	}
	const gradable = all.filter((m) => !options.equivalent?.has(m.id));
	const concurrency = gradable.filter((m) => m.kind === 'concurrency');
	const generic = gradable.filter((m) => m.kind === 'generic');
	let chosen = generic;
	if (generic.length > options.sample) {
		const random = seededRandom(exerciseSeed(exercise.id)); // the same exercise always samples the same mutants
		const pool = [...generic];
		for (let i = 0; i < options.sample; i++) {
			const j = i + Math.floor(random() * (pool.length - i));
			[pool[i], pool[j]] = [pool[j]!, pool[i]!];
		}
		const keep = new Set(pool.slice(0, options.sample));
		chosen = generic.filter((m) => keep.has(m));
	}
	const byPlace = (a: Mutant, b: Mutant) => a.file.localeCompare(b.file) || a.line - b.line;
	return {
		exercise: exercise.id,
		all,
		selected: [...concurrency, ...chosen].sort(byPlace),
		generic: { total: generic.length, selected: chosen.length },
		concurrency: concurrency.length,
	};
}
