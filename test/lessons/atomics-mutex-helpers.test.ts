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

	it("noisy compareExchange, failing, answers the one value it read: never 'free' for a take it did not make", async () => {
		// CI on cf02dc4: the reference mutex let two writers in (a + b off by 6). The wrapper read the lock
		// twice; the holder released it in between, and the failed take answered FREE, which lock() reads
		// as success. Here the "real" Atomics releases the lock right after the wrapper's first read.
		const { installNoisyAtomics } = await import(path.join(starter, 'noisy-atomics.ts'));
		const real = Atomics;
		const lock = new SharedArrayBuffer(4);
		const state = new Int32Array(lock);
		state[0] = 1;
		let reads = 0;
		const releasing = Object.create(real, {
			load: {
				value(array: Int32Array, index: number) {
					const value = real.load(array, index);
					if (array.buffer === lock && reads++ === 0) real.store(array, index, 0);
					return value;
				},
			},
		});
		const setAtomics = (value: typeof Atomics) => Object.defineProperty(globalThis, 'Atomics', { value, configurable: true, writable: true });
		setAtomics(releasing);
		try {
			installNoisyAtomics(lock, new Int32Array(new SharedArrayBuffer(12)));
			const answer = Atomics.compareExchange(state, 0, 0, 1);
			expect({ answer, taken: real.load(state, 0) === 1 }).toEqual({ answer: 1, taken: false });
		} finally {
			setAtomics(real);
		}
	});
});
