// Code in the lessons is run. Every code block a lesson or task text presents as something to run is
// marked in the Markdown ([run]: # (...), see lessons/README.md); each one runs here on this Node (or
// python3) in a fresh temporary folder, and what the text claims it prints is asserted. Every Python
// block is at least compiled. Code stays narrow enough for the tutor's 80 columns, markers never show,
// and a Python block next to a TypeScript one is introduced by prose saying which is which.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, codeColumns, extractBlocks, lineMatches, type CodeBlock, type Expectation } from '../../source/lessons/examples.js';
import { loadPack } from '../../source/lessons/load.js';
import { renderMarkdown } from '../../source/ui/markdown.js';
import { PYTHON, python3Executable, python3Version, runExample, type Example } from './run-example.js';

const pack = loadPack();
const labDir = path.join(pack.root, '_lab');

interface Doc {
	/** Path relative to the pack, e.g. 04-the-gil-and-the-event-loop/lesson.md */
	name: string;
	text: string;
}

const docs: Doc[] = pack.lessons.flatMap((lesson) => [
	path.join(lesson.path, 'lesson.md'),
	...lesson.exercises.map((exercise) => path.join(exercise.path, 'task.md')),
]).map((file) => ({ name: path.relative(pack.root, file), text: readFileSync(file, 'utf8') }));

interface Job extends Example {
	where: string;
}

/** The marked examples of one text, each with the [file] blocks above it. */
function jobsOf(doc: Doc, blocks: CodeBlock[]): Job[] {
	const files = new Map<string, CodeBlock>();
	const jobs: Job[] = [];
	for (const block of blocks) {
		if (block.marker?.kind === 'file') files.set(block.marker.name, block);
		if (block.marker?.kind === 'run') {
			jobs.push({ where: `${doc.name}:${block.line}`, block, expect: block.marker.expect, files: new Map(files), labDir });
		}
	}
	return jobs;
}

const extracted = docs.map((doc) => ({ doc, ...extractBlocks(doc.text) }));
const jobs = extracted.flatMap(({ doc, blocks }) => jobsOf(doc, blocks));
const pythonBlocks = extracted.flatMap(({ doc, blocks }) =>
	blocks.filter((block) => PYTHON.has(block.lang)).map((block) => ({ where: `${doc.name}:${block.line}`, block })),
);
const havePython = python3Version() !== null;

/**
 * Examples run three at a time (most of their time is start-up and waiting), except that one whose
 * claim depends on timing or luck (a range, `tries`) runs alone, so the others do not skew it.
 */
class Gate {
	private shared = 0;
	private alone = false;
	private readonly queue: Array<{ alone: boolean; go: () => void }> = [];

	constructor(private readonly slots: number) {}

	async run<T>(alone: boolean, work: () => Promise<T>): Promise<T> {
		await new Promise<void>((go) => {
			this.queue.push({ alone, go });
			this.pump();
		});
		try {
			return await work();
		} finally {
			if (alone) this.alone = false;
			else this.shared--;
			this.pump();
		}
	}

	private pump(): void {
		while (this.queue.length > 0 && !this.alone) {
			const head = this.queue[0]!;
			if (head.alone) {
				if (this.shared > 0) return;
				this.alone = true;
			} else {
				if (this.shared >= this.slots) return;
				this.shared++;
			}
			this.queue.shift()!.go();
		}
	}
}

const gate = new Gate(3);
const sensitive = (job: Job) => job.expect.tries > 1 || (job.expect.prints ?? []).some((line) => /<-?\d/.test(line));

describe('code in the lessons', () => {
	it('finds the marked examples, and every marker is well formed', () => {
		expect(extracted.flatMap(({ doc, errors }) => errors.map((error) => `${doc.name}: ${error}`))).toEqual([]);
		expect(jobs.length).toBeGreaterThanOrEqual(25);
		expect(jobs.filter((job) => PYTHON.has(job.block.lang)).length).toBeGreaterThanOrEqual(5);
	});

	it('keeps every line of code under 76 columns (the tutor is read at 80)', () => {
		const wide = extracted.flatMap(({ doc, blocks }) =>
			blocks.flatMap((block) =>
				block.code
					.split('\n')
					.map((line, i) => ({ line: block.line + 1 + i, columns: block.indent.length + codeColumns(line) }))
					.filter(({ columns }) => columns >= 76)
					.map(({ line, columns }) => `${doc.name}:${line} is ${columns} columns`),
			),
		);
		expect(wide).toEqual([]);
	});

	it('never shows a marker to the learner', () => {
		const shown = docs.flatMap((doc) => {
			const rows = renderMarkdown(doc.text.replace(/^---[\s\S]*?\n---\n/, ''), 80).map((row) => row.replace(/\u001B\[[0-9;]*m/g, ''));
			return rows.filter((row) => /\[(run|file)\]|\]: #/.test(row)).map((row) => `${doc.name}: ${row.trim()}`);
		});
		expect(shown).toEqual([]);
	});

	it('says in the prose which of two neighbouring Python and TypeScript blocks is which', () => {
		const unlabelled = extracted.flatMap(({ doc, blocks }) => {
			const lines = doc.text.split('\n');
			return blocks.slice(1).flatMap((block, i) => {
				const before = blocks[i]!;
				const languages = new Set([before.lang, block.lang]);
				if (!(languages.has('python') && languages.has('ts'))) return [];
				const between = lines.slice(before.endLine, block.line - 1).filter((line) => line.trim() !== '' && !/^\s*\[(run|file)\]:/.test(line));
				return between.length > 0 ? [] : [`${doc.name}:${block.line} follows a ${before.lang} block with no prose between`];
			});
		});
		expect(unlabelled).toEqual([]);
	});

	it.runIf(havePython)('compiles every Python block (python3 -m py_compile, one run for all)', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'conc-tutor-py-'));
		try {
			const files = pythonBlocks.map(({ block }, i) => {
				const file = path.join(dir, `block${i}.py`);
				writeFileSync(file, block.code);
				return file;
			});
			const compile = (list: string[]) =>
				spawnSync(python3Executable(), ['-m', 'py_compile', ...list], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
			expect(pythonBlocks.length).toBeGreaterThanOrEqual(20);
			if (compile(files).status === 0) return;
			// Something failed: compile one by one to name the blocks.
			const failing = files.flatMap((file, i) => {
				const result = compile([file]);
				return result.status === 0 ? [] : [`${pythonBlocks[i]!.where}: ${result.stderr.trim().split('\n').pop()}`];
			});
			expect(failing).toEqual([]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
	it.skipIf(havePython)('Python blocks are not compiled or run: there is no python3 on this machine', () => {});

	describe.concurrent('every marked example runs and prints what the text says', () => {
		for (const job of jobs) {
			it.skipIf(PYTHON.has(job.block.lang) && !havePython)(job.where, async () => {
				const outcome = await gate.run(sensitive(job), () => runExample(job));
				expect(outcome.problems, outcome.problems.join('\n')).toEqual([]);
			}, 120_000);
		}
	});
});

describe('the example checker itself', () => {
	const run = (markdown: string) => {
		const { blocks, errors } = extractBlocks(markdown);
		expect(errors).toEqual([]);
		const doc = { name: 'test.md', text: markdown };
		return jobsOf(doc, blocks);
	};

	it('reads markers, their clauses and the text block they point to', () => {
		const markdown = [
			'Some prose.',
			'',
			'[file]: # (helper.ts)',
			'```ts',
			'export const two = 2;',
			'```',
			'',
			'[run]: # (prints: below; in any order)',
			'',
			'```ts',
			"import { two } from './helper.js';",
			'console.log(two);',
			'```',
			'',
			'```text',
			'2',
			'```',
		].join('\n');
		const jobsFound = run(markdown);
		expect(jobsFound).toHaveLength(1);
		const expectation: Expectation = jobsFound[0]!.expect;
		expect(expectation).toMatchObject({ prints: ['2'], anyOrder: true, exitCode: 0 });
		expect([...jobsFound[0]!.files.keys()]).toEqual(['helper.ts']);
	});

	it('rejects markers that would show up as text, float away from their block, or say something unknown', () => {
		expect(extractBlocks('Prose\n[run]: # (prints: 1)\n```ts\nx\n```\n').errors[0]).toMatch(/blank line above/);
		expect(extractBlocks('\n[run]: # (prints: 1)\n\nProse.\n\n```ts\nx\n```\n').errors[0]).toMatch(/directly above a code block/);
		expect(extractBlocks('\n[run]: # (print: 1)\n```ts\nx\n```\n').errors[0]).toMatch(/unknown clause "print: 1"/);
		expect(extractBlocks('\n[run]: # (prints: below)\n```ts\nx\n```\n').errors[0]).toMatch(/needs a ```text block/);
	});

	it('matches lines with wildcards and loose numeric ranges, and notices a wrong one', () => {
		expect(lineMatches('cpu <500..1500>', 'cpu 612')).toBe(true);
		expect(lineMatches('cpu <500..1500>', 'cpu 202')).toBe(false);
		expect(lineMatches('two workers: <100..900>ms', 'two workers: 512.345ms')).toBe(true);
		expect(lineMatches('child pid <*> my pid <*>', 'child pid 12 my pid 11')).toBe(true);
		expect(lineMatches("[ 'A', 'B' ] exit code 0", "[ 'A', 'B' ] exit code 0")).toBe(true);
		expect(lineMatches('Promise { <pending> }', 'Promise { <pending> }')).toBe(true);
		expect(checkOutput(['a', 'b'], 'a\nb\n')).toEqual([]);
		expect(checkOutput(['a', 'b'], 'b\na\n')).not.toEqual([]);
		expect(checkOutput(['a', 'b'], 'b\na\n', true)).toEqual([]);
		expect(checkOutput(['a', 'b'], 'a\n')).not.toEqual([]);
	});

	it('runs an example and catches a deliberately wrong claim', async () => {
		const [right] = run('\n[run]: # (prints: 2)\n```ts\nconst n: number = 1 + 1;\nconsole.log(n);\n```\n');
		expect((await runExample(right!)).problems).toEqual([]);
		const [wrong] = run('\n[run]: # (prints: 3)\n```ts\nconst n: number = 1 + 1;\nconsole.log(n);\n```\n');
		const outcome = await runExample(wrong!);
		expect(outcome.problems.join('\n')).toMatch(/line 1: expected "3", got "2"/);
	});

	it('catches an example that fails, hangs, or is TypeScript passed off as JavaScript', async () => {
		const [throws] = run('\n[run]: # (prints: nothing)\n```ts\nthrow new Error("boom");\n```\n');
		expect((await runExample(throws!)).problems.join('\n')).toMatch(/exit code 1, expected exit code 0/);
		const [hangs] = run('\n[run]: #\n```ts\nsetInterval(() => {}, 1000);\n```\n');
		expect((await runExample(hangs!, 300)).problems.join('\n')).toMatch(/did not end within 300 ms/);
		const [typed] = run('\n[run]: # (as cost.mjs)\n```js\nconst n: number = 1;\n```\n');
		expect((await runExample(typed!)).problems.join('\n')).toMatch(/SyntaxError/);
	});

	it('holds a claim about what usually happens to one of N runs, and says so when no run bears it out', async () => {
		const [never] = run('\n[run]: # (prints: 7; tries 2)\n```ts\nconsole.log(Math.random() < 2 ? 6 : 7);\n```\n');
		expect((await runExample(never!)).problems.join('\n')).toMatch(/did not hold in any of 2 runs/);
	});

	it.runIf(havePython)('runs a Python example and catches a wrong claim, unless the claim is for another version', async () => {
		const [wrong] = run('\n[run]: # (prints: 4)\n```python\nprint(2 + 3)\n```\n');
		expect((await runExample(wrong!)).problems.join('\n')).toMatch(/expected "4", got "5"/);
		const [otherVersion] = run('\n[run]: # (prints: 4; python 2.7)\n```python\nprint(2 + 3)\n```\n');
		expect((await runExample(otherVersion!)).problems).toEqual([]);
	});
});
