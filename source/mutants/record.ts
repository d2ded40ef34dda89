// The gate's record of killed mutants, one file per exercise (like Stryker's incremental mode): a mutant
// killed once need not be graded again while nothing it was graded against has changed. The record holds
// a hash of the exercise's files and of the pack's shared files (lab files, helpers other exercises'
// checks import; not the lesson texts); any change there discards the whole record. The grader itself is
// not in the hash: after a change to conc-tutor's grader, run the gate without --incremental.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise, LessonPack } from '../lessons/types.js';

export const RECORD_FILE = 'mutants.killed.json';
/** Hand-written beside the record; it names equivalents, which are never graded, so it is not hashed. */
const UNHASHED = new Set([RECORD_FILE, 'mutants.yaml']);

interface RecordFile {
	/** What the kills were graded against. */
	key: string;
	seed: number;
	/** Mutant id → the check that failed and its message. */
	killed: Record<string, string>;
}

function filesOf(dir: string, skip: (full: string) => boolean, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (skip(full) || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
		if (entry.isDirectory()) filesOf(full, skip, out);
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

/** The pack's files outside its exercises that checks may use (lab files, shared helpers; not the texts). */
export function sharedFiles(pack: LessonPack): string[] {
	const exerciseDirs = new Set(pack.lessons.flatMap((lesson) => lesson.exercises.map((e) => e.path)));
	return filesOf(pack.root, (full) => exerciseDirs.has(full) || full.endsWith('.md'));
}

/** The hash of everything a mutant of `exercise` is graded against, inside the pack (`shared`: sharedFiles(pack)). */
export function recordKey(pack: LessonPack, exercise: Exercise, shared: string[]): string {
	const own = filesOf(exercise.path, (full) => UNHASHED.has(path.basename(full)));
	const hash = createHash('sha256');
	for (const file of [...own, ...shared].sort()) hash.update(`${path.relative(pack.root, file)}\0`).update(readFileSync(file)).update('\0');
	return hash.digest('hex').slice(0, 16);
}

/** The recorded kills of `exercise` (id → note), or none when the record is missing or was made against other files. */
export function readRecord(exercise: Exercise, key: string, seed: number): Map<string, string> {
	const file = path.join(exercise.path, RECORD_FILE);
	if (!existsSync(file)) return new Map();
	try {
		const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<RecordFile>;
		if (data.key !== key || data.seed !== seed || typeof data.killed !== 'object' || data.killed === null) return new Map();
		return new Map(Object.entries(data.killed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
	} catch {
		return new Map(); // a damaged record only costs grading again
	}
}

export function writeRecord(exercise: Exercise, key: string, seed: number, killed: Map<string, string>): void {
	const data: RecordFile = { key, seed, killed: Object.fromEntries([...killed].sort(([a], [b]) => a.localeCompare(b))) };
	writeFileSync(path.join(exercise.path, RECORD_FILE), `${JSON.stringify(data, null, '\t')}\n`);
}
