// The grader writes its own JavaScript copies of atomics-mutex's helper workers over the learner's
// (lessons/05-race-conditions-and-locks/_atomics-mutex-helpers.ts): they must stay exactly what the
// learner reads in starter/, type-stripped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HELPERS } from '../../lessons/05-race-conditions-and-locks/_atomics-mutex-helpers.js';

const starter = path.resolve('lessons/05-race-conditions-and-locks/02-atomics-mutex/starter');

describe("atomics-mutex: the grader's helper copies", () => {
	for (const [file, code] of Object.entries(HELPERS)) {
		it(`${file} is starter/${file.replace(/\.js$/, '.ts')} type-stripped`, () => {
			const source = readFileSync(path.join(starter, file.replace(/\.js$/, '.ts')), 'utf8');
			expect(transformSync(source, { loader: 'ts', format: 'esm' }).code).toBe(code);
		});
	}
	it('covers every helper of the starter', () => {
		expect(Object.keys(HELPERS).sort()).toEqual(['audit-worker.js', 'hold-worker.js', 'noisy-atomics.js', 'transfer-worker.js']);
	});
});
