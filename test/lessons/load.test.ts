// Loading and validating a lesson pack: every mistake an author can make is reported as one message
// naming the file and the field.
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allExercises, findExercise, loadPack, PackError } from '../../source/lessons/load.js';
import { brokenPack, shellPack } from '../helpers/paths.js';
import { packCopy, tempDir } from '../helpers/temp.js';

function loadError(root: string): PackError {
	try {
		loadPack(root);
	} catch (error) {
		if (error instanceof PackError) return error;
		throw error;
	}
	throw new Error('the pack loaded without an error');
}

function edit(file: string, change: (text: string) => string): void {
	writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('loading a lesson pack', () => {
	it('loads lessons in folder order with their exercises, hints, files and lab files', () => {
		const pack = loadPack(shellPack);
		expect(pack.root).toBe(shellPack);
		expect(pack.lessons.map((lesson) => [lesson.id, lesson.dir])).toEqual([
			['first-steps', '01-first-steps'],
			['shared-state', '02-shared-state'],
		]);
		const [first] = pack.lessons;
		expect(first!.title).toBe('First steps');
		expect(first!.body).toContain('TOP-OF-LESSON-ONE');
		expect(first!.body).not.toContain('summary:');
		expect(first!.demos).toEqual([]);
		expect(allExercises(pack).map((exercise) => exercise.id)).toEqual(['hello', 'count-up', 'locked-counter']);
		const count = findExercise(pack, 'count-up')!;
		expect(count.files).toEqual(['count.ts', 'count-worker.ts']);
		expect(count.hints).toHaveLength(2);
		expect(count.hints[0]).toContain('workerData');
		expect(count.lessonId).toBe('first-steps');
		expect(count.wrong).toEqual({ 'off-by-one': ['counts'] });
		expect(findExercise(pack, 'locked-counter')!.lab).toEqual([path.join(shellPack, '_lab/mutex.ts')]);
	});

	it('names the file and the field of a missing title (the broken fixture pack)', () => {
		const error = loadError(brokenPack);
		expect(error.file).toBe(path.join(brokenPack, '01-broken/01-untitled/task.md'));
		expect(error.problem).toBe('title: is missing');
		expect(error.message.split('\n')).toHaveLength(1);
	});

	const cases: Array<[string, (pack: string) => void, string, RegExp]> = [
		[
			'an id that is not lowercase words',
			(pack) => edit(path.join(pack, '01-first-steps/lesson.md'), (text) => text.replace('id: first-steps', 'id: First Steps')),
			'01-first-steps/lesson.md',
			/^id: must be lowercase words joined by dashes/,
		],
		[
			'an unknown frontmatter field',
			(pack) => edit(path.join(pack, '01-first-steps/lesson.md'), (text) => text.replace('title:', 'colour: blue\ntitle:')),
			'01-first-steps/lesson.md',
			/^colour: is not a known field$/,
		],
		[
			'a field of the wrong type',
			(pack) => edit(path.join(pack, '01-first-steps/01-hello/task.md'), (text) => text.replace('files: [hello.ts]', 'files: hello.ts')),
			'01-first-steps/01-hello/task.md',
			/^files: must be a list$/,
		],
		[
			'a file to edit that climbs out of the exercise',
			(pack) => edit(path.join(pack, '01-first-steps/01-hello/task.md'), (text) => text.replace('files: [hello.ts]', 'files: [../hello.ts]')),
			'01-first-steps/01-hello/task.md',
			/^files\.0: must be a path inside the exercise folder/,
		],
		[
			'a file to edit that the starter lacks',
			(pack) => edit(path.join(pack, '01-first-steps/01-hello/task.md'), (text) => text.replace('files: [hello.ts]', 'files: [hi.ts]')),
			'01-first-steps/01-hello/task.md',
			/^files: "hi.ts" is not in starter\/$/,
		],
		[
			'no known-wrong variant',
			(pack) => edit(path.join(pack, '01-first-steps/01-hello/task.md'), (text) => text.replace(/wrong:\n {2}returns-nothing: greets\n/, 'wrong: {}\n')),
			'01-first-steps/01-hello/task.md',
			/^wrong: needs at least one known-wrong variant$/,
		],
		[
			'a known-wrong variant without its folder',
			(pack) => rmSync(path.join(pack, '01-first-steps/01-hello/wrong/returns-nothing'), { recursive: true }),
			'01-first-steps/01-hello/task.md',
			/^wrong\.returns-nothing: there is no folder wrong\/returns-nothing$/,
		],
		[
			'a single hint',
			(pack) => writeFileSync(path.join(pack, '01-first-steps/01-hello/hints.md'), '## Only one\nSorry.\n'),
			'01-first-steps/01-hello/hints.md',
			/needs at least two hints/,
		],
		[
			'a missing starter folder',
			(pack) => rmSync(path.join(pack, '01-first-steps/01-hello/starter'), { recursive: true }),
			'01-first-steps/01-hello',
			/^missing starter$/,
		],
		[
			'a lesson without lesson.md',
			(pack) => rmSync(path.join(pack, '02-shared-state/lesson.md')),
			'02-shared-state',
			/lesson folder has no lesson\.md/,
		],
		[
			'no frontmatter',
			(pack) => edit(path.join(pack, '02-shared-state/lesson.md'), (text) => text.replace(/^---[\s\S]*?---\n/, '')),
			'02-shared-state/lesson.md',
			/frontmatter block/,
		],
		[
			'frontmatter that is not YAML',
			(pack) => edit(path.join(pack, '02-shared-state/lesson.md'), (text) => text.replace('title: Shared state', 'title: [unclosed')),
			'02-shared-state/lesson.md',
			/frontmatter is not valid YAML/,
		],
		[
			'a lab file the pack lacks',
			(pack) => rmSync(path.join(pack, '_lab/mutex.ts')),
			'02-shared-state/01-locked/task.md',
			/^lab: "mutex.ts" is not in the pack's _lab\/ folder$/,
		],
		[
			'two exercises with one id',
			(pack) => {
				const copy = path.join(pack, '02-shared-state/02-again');
				cpSync(path.join(pack, '01-first-steps/01-hello'), copy, { recursive: true });
			},
			'02-shared-state/02-again/task.md',
			/^id: "hello" is already used by /,
		],
	];

	it.each(cases)('reports %s with the file and field', (_name, breakIt, file, problem) => {
		const pack = packCopy();
		breakIt(pack);
		const error = loadError(pack);
		expect(error.file).toBe(path.join(pack, file));
		expect(error.problem).toMatch(problem);
	});

	it('reads frontmatter saved with a byte-order mark', () => {
		const pack = packCopy();
		edit(path.join(pack, '02-shared-state/lesson.md'), (text) => `\uFEFF${text}`);
		expect(loadPack(pack).lessons[1]!.title).toBe('Shared state');
	});

	it('keeps parsed frontmatter in the cache by its text: used while the text is unchanged, parsed again once it changes', () => {
		const pack = packCopy();
		const saved = process.env.CONC_TUTOR_CACHE;
		const cache = tempDir('conc-tutor-cache-');
		process.env.CONC_TUTOR_CACHE = cache;
		try {
			expect(loadPack(pack).lessons[0]!.title).toBe('First steps');
			const cacheFile = path.join(cache, readdirSync(cache).find((name) => name.startsWith('frontmatter-'))!);
			const entries = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, { title?: string }>;
			expect(Object.keys(entries)).toHaveLength(5); // two lessons, three exercises
			// What the cache holds is what is used: an entry changed behind the loader's back shows.
			for (const data of Object.values(entries)) if (data.title === 'First steps') data.title = 'From the cache';
			writeFileSync(cacheFile, JSON.stringify(entries));
			expect(loadPack(pack).lessons[0]!.title).toBe('From the cache');
			const lesson = path.join(pack, '01-first-steps/lesson.md');
			edit(lesson, (text) => text.replace('title: First steps', 'title: First steps, edited'));
			expect(loadPack(pack).lessons[0]!.title).toBe('First steps, edited');
			// A frontmatter that does not parse is never cached: its error comes from parsing it.
			edit(lesson, (text) => text.replace('title: First steps, edited', 'title: [unclosed'));
			expect(loadError(pack).problem).toMatch(/frontmatter is not valid YAML/);
		} finally {
			if (saved === undefined) delete process.env.CONC_TUTOR_CACHE;
			else process.env.CONC_TUTOR_CACHE = saved;
		}
	});

	it('says so when the folder holds no lessons or does not exist', () => {
		const pack = packCopy();
		const empty = path.join(pack, 'empty');
		mkdirSync(empty);
		expect(loadError(empty).problem).toMatch(/holds no lesson folders/);
		expect(loadError(path.join(pack, 'missing')).problem).toBe('is not a folder of lessons');
	});
});
