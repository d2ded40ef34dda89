// The tutor keeps a sandbox started ahead for the next grading (prepareSpare). When the learner quits
// with one nobody took, its run folder must not stay behind in the temporary folder.
import { readdirSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { prepareSpare } from '../../source/grader/verify.js';
import { tempDir } from '../helpers/temp.js';

const tmpdirBefore = process.env.TMPDIR;
afterEach(() => {
	if (tmpdirBefore === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = tmpdirBefore;
});

it("removes an untaken spare's run folder when the process exits", () => {
	const dir = tempDir();
	process.env.TMPDIR = dir; // os.tmpdir() reads it on every call: the spare's folder is made here
	const before = new Set(process.listeners('exit'));
	prepareSpare();
	const added = process.listeners('exit').filter((listener) => !before.has(listener));
	expect(readdirSync(dir).filter((name) => name.startsWith('conc-tutor-run-'))).toHaveLength(1);

	for (const listener of added) listener.call(process, 0);
	expect(readdirSync(dir)).toEqual([]);

	prepareSpare(); // a second spare: still one exit listener in all
	expect(process.listeners('exit').filter((listener) => !before.has(listener))).toHaveLength(added.length);
	for (const listener of added) listener.call(process, 0);
	expect(readdirSync(dir)).toEqual([]);
});
