// An instructor's own pack: `lessons new` scaffolds a lesson and an exercise that `lessons check` proves
// at once; a broken exercise makes `lessons check` exit 1 and say which variant is wrong.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[]) => runMain(args, { env: { ...process.env, NO_COLOR: '1' }, cwd: root });

describe('lessons new and lessons check', () => {
	it('scaffolds a lesson without stand-in prose: lessons check names what the author must still write', async () => {
		const made = await run(['lessons', 'new', 'my-topic']);
		expect(made.code).toBe(0);
		expect(made.stdout).toMatch(/Write the lesson's summary \(in its front matter\) and its text in lessons\/01-my-topic\/lesson\.md/);
		const lesson = path.join(root, 'lessons/01-my-topic/lesson.md');
		expect(readFileSync(lesson, 'utf8')).toBe('---\nid: my-topic\ntitle: My topic\nsummary: ""\n---\n# My topic\n');
		const early = await run(['lessons', 'check', 'lessons']);
		expect(early.code).toBe(2);
		expect(early.stderr).toMatch(/lessons\/01-my-topic\/lesson\.md.*summary.*must not be empty/);
		writeFileSync(lesson, readFileSync(lesson, 'utf8').replace('summary: ""', 'summary: Workers double numbers.'));
		expect((await run(['lessons', 'check', 'lessons'])).stderr).toMatch(/lessons\/01-my-topic\/lesson\.md.*the lesson has no text yet/);
		writeFileSync(lesson, `${readFileSync(lesson, 'utf8')}\nA worker thread runs JavaScript beside the main thread.\n`);
	});

	it('scaffolds an exercise that passes lessons check', async () => {
		const created = await run(['lessons', 'new', 'my-topic', 'double-it']);
		expect(created.code).toBe(0);
		expect(created.stdout).toMatch(/created lessons\/01-my-topic\/01-double-it\/check\.ts/);
		const checked = await run(['lessons', 'check', 'lessons']);
		expect(checked.stdout).toMatch(/double-it\s+solution\s+pass\s+✓ ok/);
		expect(checked.stdout).toMatch(/double-it\s+wrong\/on-main-thread\s+workers\s+✓ ok/);
		expect(checked.code).toBe(0);
	});

	it('takes a leading number as the folder number, not as part of the id ("13-x" makes 13-x with id x)', async () => {
		const made = await run(['lessons', 'new', '13-numbered', '04-first']);
		expect(made.code).toBe(0);
		const lesson = path.join(root, 'lessons/13-numbered/lesson.md');
		writeFileSync(lesson, `${readFileSync(lesson, 'utf8').replace('summary: ""', 'summary: Numbers.')}\nText.\n`);
		expect(made.stdout).toMatch(/created lessons\/13-numbered\/lesson\.md/);
		expect(made.stdout).toMatch(/created lessons\/13-numbered\/04-first\/task\.md/);
		expect(readFileSync(path.join(root, 'lessons/13-numbered/lesson.md'), 'utf8')).toMatch(/^id: numbered$/m);
		expect(readFileSync(path.join(root, 'lessons/13-numbered/04-first/task.md'), 'utf8')).toMatch(/^id: first$/m);
	});

	it('fails, naming the variant, when a known-wrong solution is not caught', async () => {
		// The "wrong" variant is made correct: the check meant to catch it now passes.
		writeFileSync(
			path.join(root, 'lessons/01-my-topic/01-double-it/wrong/on-main-thread/double.ts'),
			"export { double } from './double-correct.js';\n",
		);
		writeFileSync(
			path.join(root, 'lessons/01-my-topic/01-double-it/wrong/on-main-thread/double-correct.ts'),
			"import { Worker } from 'node:worker_threads';\nexport function double(n: number): Promise<number> {\n\treturn new Promise((resolve) => new Worker(new URL('./double-worker.js', import.meta.url), { workerData: n }).once('message', resolve));\n}\n",
		);
		const checked = await run(['lessons', 'check', 'lessons']);
		expect(checked.code).toBe(1);
		expect(checked.stdout).toMatch(/wrong\/on-main-thread\s+workers\s+✗ should fail check "workers", but it passes/);
	});

	it('refuses a bad id in one line', async () => {
		const result = await run(['lessons', 'new', 'Not An Id']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/not a valid id/);
	});
});
