// The grader writes its own JavaScript copies of dining-philosophers' table and philosopher worker over
// the learner's (lessons/06-deadlocks/_dining-helpers.ts): they must stay exactly what the learner reads
// in starter/, type-stripped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HELPERS } from '../../lessons/06-deadlocks/_dining-helpers.js';

const starter = path.resolve('lessons/06-deadlocks/02-dining-philosophers/starter');

describe("dining-philosophers: the grader's helper copies", () => {
	for (const [file, code] of Object.entries(HELPERS)) {
		it(`${file} is starter/${file.replace(/\.js$/, '.ts')} type-stripped`, () => {
			const source = readFileSync(path.join(starter, file.replace(/\.js$/, '.ts')), 'utf8');
			expect(transformSync(source, { loader: 'ts', format: 'esm' }).code).toBe(code);
		});
	}
	it('covers every helper of the starter', () => {
		expect(Object.keys(HELPERS).sort()).toEqual(['philosopher-worker.js', 'table.js']);
	});
});
