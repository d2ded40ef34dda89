import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod/mini';
import { cacheDir } from '../grader/transform.js';
import { packageRoot } from '../paths.js';
import { PackError } from './errors.js';
import { describeIssues, exerciseFrontmatter, lessonFrontmatter } from './schema.js';
import type { Exercise, Lesson, LessonPack } from './types.js';

// PackError lives in its own module so that the CLI can recognise it without loading yaml and zod.
export { PackError };

const lessonDirPattern = /^\d{2}-[a-z0-9-]+$/;

/** The pack shipped with the package. */
export function bundledLessonsDir(): string {
	return path.join(packageRoot(), 'lessons');
}

/**
 * Frontmatter already parsed, by the hash of its text, kept in the user's cache between processes (one file
 * per pack). Parsing YAML is most of loading a pack, and every `verify` loads the whole pack: with the
 * bundled one, 44 documents parsed by cold code took longer than the rest of the command's start. Keyed by
 * content, an entry cannot go stale; only values that survive JSON unchanged are kept, and a frontmatter
 * that does not parse is never cached (its error comes from parsing it).
 */
interface ParsedCache {
	file: string | undefined;
	entries: Record<string, unknown>;
	used: Record<string, unknown>;
	missed: boolean;
}

function openParsedCache(root: string): ParsedCache {
	const cache: ParsedCache = { file: undefined, entries: {}, used: {}, missed: false };
	try {
		cache.file = path.join(cacheDir(), `frontmatter-${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
		const saved = JSON.parse(readFileSync(cache.file, 'utf8')) as unknown;
		if (saved && typeof saved === 'object' && !Array.isArray(saved)) cache.entries = saved as Record<string, unknown>;
	} catch {
		// no cache yet, or none to be had: parse everything
	}
	return cache;
}

function saveParsedCache(cache: ParsedCache): void {
	if (!cache.missed || !cache.file) return;
	try {
		const temporary = `${cache.file}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(cache.used), { mode: 0o600 });
		renameSync(temporary, cache.file);
	} catch {
		// not kept: the next load parses again
	}
}

function parseFrontmatter(yaml: string, cache: ParsedCache | undefined): unknown {
	if (!cache) return parseYaml(yaml);
	const key = createHash('sha256').update(yaml).digest('hex');
	if (Object.hasOwn(cache.entries, key)) {
		// A copy: the caller may keep and change what it gets.
		const data = structuredClone(cache.entries[key]);
		cache.used[key] = cache.entries[key];
		return data;
	}
	const data = parseYaml(yaml) as unknown;
	cache.missed = true;
	let copy: unknown;
	try {
		copy = JSON.parse(JSON.stringify(data) ?? 'null');
	} catch {
		return data;
	}
	if (isDeepStrictEqual(copy, data)) cache.used[key] = copy;
	return data;
}

export function splitFrontmatter(text: string, file: string, cache?: ParsedCache): { data: unknown; body: string } {
	// Editors on Windows may save a byte-order mark; it is not part of the frontmatter fence.
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
	if (!match) throw new PackError(file, 'must start with a frontmatter block between two "---" lines');
	try {
		return { data: parseFrontmatter(match[1]!, cache), body: match[2]! };
	} catch (error) {
		throw new PackError(file, `frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
	}
}

function readMarkdown<T extends z.ZodMiniType>(file: string, schema: T, cache: ParsedCache): { meta: z.infer<T>; body: string } {
	const { data, body } = splitFrontmatter(readFileSync(file, 'utf8'), file, cache);
	const parsed = schema.safeParse(data ?? {});
	if (!parsed.success) throw new PackError(file, describeIssues(parsed.error, data ?? {}));
	return { meta: parsed.data, body };
}

/** Hints are the `## ` sections of hints.md, gentlest first. */
export function parseHints(text: string): string[] {
	return text
		.split(/^## .*$/m)
		.slice(1)
		.map((hint) => hint.trim())
		.filter(Boolean);
}

function loadExercise(lessonId: string, dir: string, folder: string, cache: ParsedCache): Exercise {
	const taskFile = path.join(folder, 'task.md');
	if (!existsSync(taskFile)) throw new PackError(folder, 'exercise folder has no task.md');
	const { meta, body } = readMarkdown(taskFile, exerciseFrontmatter, cache);
	const rel = (name: string) => path.join(folder, name);
	for (const needed of ['hints.md', 'check.ts', 'starter', 'solution']) {
		if (!existsSync(rel(needed))) throw new PackError(folder, `missing ${needed}`);
	}
	for (const folderName of ['starter', 'solution']) {
		if (!statSync(rel(folderName)).isDirectory()) throw new PackError(rel(folderName), 'must be a folder');
	}
	const hints = parseHints(readFileSync(rel('hints.md'), 'utf8'));
	if (hints.length < 2) throw new PackError(rel('hints.md'), 'needs at least two hints, each under a "## " heading');
	for (const file of meta.files) {
		if (!existsSync(path.join(rel('starter'), file))) {
			throw new PackError(taskFile, `files: "${file}" is not in starter/`);
		}
	}
	const lab = meta.lab.map((file) => path.join(path.dirname(path.dirname(folder)), '_lab', file));
	for (const [i, file] of lab.entries()) {
		if (!existsSync(file)) throw new PackError(taskFile, `lab: "${meta.lab[i]}" is not in the pack's _lab/ folder`);
	}
	for (const variant of Object.keys(meta.wrong)) {
		if (!existsSync(path.join(rel('wrong'), variant))) {
			throw new PackError(taskFile, `wrong.${variant}: there is no folder wrong/${variant}`);
		}
	}
	return {
		id: meta.id,
		title: meta.title,
		dir,
		path: folder,
		lessonId,
		files: meta.files,
		task: body.trim(),
		hints,
		wrong: Object.fromEntries(Object.entries(meta.wrong).map(([variant, ids]) => [variant, typeof ids === 'string' ? [ids] : ids])),
		lab,
	};
}

function loadLesson(dir: string, folder: string, cache: ParsedCache): Lesson {
	const file = path.join(folder, 'lesson.md');
	if (!existsSync(file)) throw new PackError(folder, 'lesson folder has no lesson.md');
	const { meta, body } = readMarkdown(file, lessonFrontmatter, cache);
	// A heading alone is no lesson: the learner would open an empty page (`lessons new` writes no text).
	if (!body.replace(/^#.*$/gm, '').trim()) throw new PackError(file, 'the lesson has no text yet: write it below the front matter');
	const exercises = readdirSync(folder, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
		.map((entry) => entry.name)
		.sort()
		.map((name) => loadExercise(meta.id, name, path.join(folder, name), cache));
	return { id: meta.id, title: meta.title, summary: meta.summary, dir, path: folder, body: body.trim(), demos: meta.demos, exercises };
}

/** Loads and validates a whole pack; throws PackError naming the file and field of the first problem. */
export function loadPack(root: string = bundledLessonsDir()): LessonPack {
	const absolute = path.resolve(root);
	if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
		throw new PackError(absolute, 'is not a folder of lessons');
	}
	const cache = openParsedCache(absolute);
	const lessons = readdirSync(absolute, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && lessonDirPattern.test(entry.name))
		.map((entry) => entry.name)
		.sort()
		.map((name) => loadLesson(name, path.join(absolute, name), cache));
	if (lessons.length === 0) throw new PackError(absolute, 'holds no lesson folders named like "01-some-topic"');
	const seen = new Map<string, string>();
	for (const lesson of lessons) {
		for (const exercise of lesson.exercises) {
			const other = seen.get(exercise.id);
			if (other) {
				throw new PackError(path.join(exercise.path, 'task.md'), `id: "${exercise.id}" is already used by ${other}`);
			}
			seen.set(exercise.id, exercise.path);
		}
	}
	const lessonIds = new Set<string>();
	for (const lesson of lessons) {
		if (lessonIds.has(lesson.id)) throw new PackError(path.join(lesson.path, 'lesson.md'), `id: "${lesson.id}" is used twice`);
		lessonIds.add(lesson.id);
	}
	saveParsedCache(cache);
	return { root: absolute, lessons };
}

export function allExercises(pack: LessonPack): Exercise[] {
	return pack.lessons.flatMap((lesson) => lesson.exercises);
}

export function findExercise(pack: LessonPack, id: string): Exercise | undefined {
	return allExercises(pack).find((exercise) => exercise.id === id);
}
