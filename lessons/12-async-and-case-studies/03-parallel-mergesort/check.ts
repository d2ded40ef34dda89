import { createHash } from 'node:crypto';
import { checks, defineExercise } from 'conc-tutor/kit';

const N = 6_000_000;
const PARTS = 2;

/** The numbers for a seed (all of Int32's range), written into `into`. */
function fill(seed: number, into: Int32Array): Int32Array {
	let state = (seed * 2654435761) >>> 0 || 1;
	for (let i = 0; i < into.length; i++) {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		into[i] = state | 0;
	}
	return into;
}

const digest = (data: Int32Array) => createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');

/** Sorted runs in the array: 1 when it is sorted. */
function runs(data: Int32Array): number {
	let count = data.length > 0 ? 1 : 0;
	for (let i = 1; i < data.length; i++) if (data[i - 1]! > data[i]!) count++;
	return count;
}

interface Report {
	digest: string;
	runs: number;
	length: number;
}

export default defineExercise({
	limits: { timeoutMs: 15_000 },
	async run(ctx) {
		const { parallelSort } = await ctx.import('parallel-sort.ts');
		const data = fill(ctx.seed, new Int32Array(new SharedArrayBuffer(N * 4)));
		await parallelSort(data, PARTS);
		const copy = data.slice(); // an unshared copy, to hash
		ctx.report('result', { digest: digest(copy), runs: runs(copy), length: copy.length } satisfies Report);
	},
	checks: [
		checks.value('sorted', `the shared array itself ends up sorted: all ${N.toLocaleString('en')} numbers, ascending`, 'result', (result: Report, run) => {
			const want = fill(run.seed, new Int32Array(N)).sort();
			if (result.digest === digest(want)) return true;
			if (result.runs === 1) return 'the array is in order, but it does not hold the same numbers any more (some were lost or doubled)';
			if (result.runs <= PARTS * 2) return `the array is made of ${result.runs} sorted runs side by side: the slices were sorted, but not merged into one`;
			return `the array is not sorted (${result.runs.toLocaleString('en')} places where a number is bigger than the next): did the workers sort the shared array, or copies of it?`;
		}, { hint: 2 }),
		checks.workers({ atLeast: PARTS, atMost: 2 * PARTS }, { title: `sorts with ${PARTS} workers (${2 * PARTS} at most)`, hint: 0 }),
		checks.parallelism({ hint: 1 }),
		checks.noLeaks(),
	],
});
