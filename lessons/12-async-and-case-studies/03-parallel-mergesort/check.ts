import { createHash } from 'node:crypto';
import { type CheckOutcome, checks, cpuWithin, defineExercise, fairness, inconclusive, type RunResult } from 'conc-tutor/kit';
import { hash } from '../../07-context-switching-and-pools/_pool-trace.js';

// 14-18 million numbers: ~2.5 s of sorting CPU in all (~1.3 s on CI's 2026-12 machines), so two workers
// are busy together for over a second, more than three times the 300 ms the parallelism check needs.
// `parts` is 2 to 4 (by seed).
const sizeOf = (seed: number) => 14_000_000 + (hash(seed, 0, 0x9b05688c) % 4_000_001);
const partsOf = (seed: number) => 2 + (hash(seed, 1, 0x9b05688c) % 3);
/**
 * The second, small call of a run: 1-2 million numbers, 2 to 4 parts, never the first call's count, and
 * merged in a different number of rounds (2 parts: one round; 3 or 4: two): whichever buffer a merge
 * sort's last round writes to, one of the two calls ends in the other, so the numbers must be copied
 * back into `data` when they are not there.
 */
const smallSizeOf = (seed: number) => 1_000_000 + (hash(seed, 2, 0x9b05688c) % 1_000_001);
const smallPartsOf = (seed: number) => (partsOf(seed) === 2 ? 3 + (hash(seed, 3, 0x9b05688c) % 2) : 2);
/** Share of the workers' CPU the main thread may use during the call (merging is a fraction of sorting). */
const MAIN_SHARE = 0.5;

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

/** Workers created between two marks of the run. */
function workersBetween(run: RunResult, from: string, to: string): number[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
	const start = at(from) ?? Infinity;
	const end = at(to) ?? Infinity;
	return run.trace.events.filter((e) => e.type === 'worker-created' && e.t >= start && e.t <= end).map((e) => (e as { threadId: number }).threadId);
}

/**
 * The least and the most CPU (ms) a worker can have used: its reading at the sampler's last look, and that
 * plus what it can have used after that look: the sampler's bound from its process's total when it has
 * one, and never more than the rest of its life (all of its life when it was never looked at).
 */
function workerCpuBounds(run: RunResult, id: number): [number, number] {
	const at = (type: string) => run.trace.events.find((e) => e.type === type && (e as { threadId?: number }).threadId === id)?.t;
	const exit = at('worker-exit') ?? run.trace.wallMs;
	const lane = run.trace.lanes.find((l) => l.threadId === id);
	const last = lane?.samples.at(-1);
	if (!lane || !last) return [0, Math.max(0, exit - (at('worker-created') ?? 0))];
	return [lane.cpuMs, lane.cpuMs + Math.min(lane.tailMs ?? Infinity, Math.max(0, exit - last[0]))];
}

/**
 * Workers the grader never saw may have lived between two of its looks, when its sampler was held up
 * (a busy machine): inconclusive when the sampler did not look once while any of them lived. A worker that
 * was alive at a look is seen even when its `thread` line is read late, so it is not excused.
 */
function unseenWorkers(run: RunResult, ids: Set<number>): CheckOutcome | undefined {
	const seen = new Set(run.trace.lanes.map((lane) => lane.threadId));
	const unseen = [...ids].filter((id) => !seen.has(id));
	const looks = run.trace.lanes.find((lane) => lane.name === 'main')?.samples.map(([t]) => t) ?? [];
	const lookedAt = (id: number) => {
		const at = (type: string) => run.trace.events.find((e) => e.type === type && (e as { threadId?: number }).threadId === id)?.t;
		const [from, to] = [at('worker-created') ?? 0, at('worker-exit') ?? run.trace.wallMs];
		return looks.some((t) => t >= from && t <= to);
	};
	const f = fairness(run);
	if (unseen.length === 0 || !f.busy || unseen.some(lookedAt)) return undefined;
	const lagMs = Math.round(Math.max(run.trace.graderLagMs ?? 0, run.machine?.graderLagMs ?? 0));
	return inconclusive(f.evidence, `the grader's sampler was held up (up to ${lagMs} ms late) and did not look once while worker ${unseen.join(', ')} ran`);
}

/**
 * Watches the built-in sorts (typed arrays' and arrays') on the main thread, from before the solution loads:
 * the most numbers one call sorted since the last reset. Merging never needs a sort; calling one on the
 * whole array is the main thread sorting. A worker has builtins of its own, which it may use.
 */
function watchMainThreadSorts(): { largest: number } {
	const seen = { largest: 0 };
	const typed = Object.getPrototypeOf(Int32Array.prototype) as object;
	for (const proto of [typed, Array.prototype]) {
		for (const name of ['sort', 'toSorted']) {
			const own = Object.getOwnPropertyDescriptor(proto, name);
			const original = own?.value as ((...args: unknown[]) => unknown) | undefined;
			if (typeof original !== 'function') continue;
			Object.defineProperty(proto, name, {
				...own,
				value: function (this: { length?: unknown } | undefined, ...args: unknown[]) {
					if (typeof this?.length === 'number') seen.largest = Math.max(seen.largest, this.length);
					return Reflect.apply(original, this, args);
				},
			});
		}
	}
	return seen;
}

/** The most numbers one built-in sort on the main thread took, during each call. */
interface MainSorts {
	call: number;
	small: number;
}

export default defineExercise({
	limits: { timeoutMs: 20_000 },
	async run(ctx) {
		const sorts = watchMainThreadSorts();
		const { parallelSort } = await ctx.import('parallel-sort.ts');
		const data = fill(ctx.seed, new Int32Array(new SharedArrayBuffer(sizeOf(ctx.seed) * 4)));
		sorts.largest = 0;
		ctx.mark('call');
		await parallelSort(data, partsOf(ctx.seed));
		ctx.mark('returned');
		const call = sorts.largest;
		const small = fill(ctx.seed + 1, new Int32Array(new SharedArrayBuffer(smallSizeOf(ctx.seed) * 4)));
		sorts.largest = 0;
		ctx.mark('call-2');
		await parallelSort(small, smallPartsOf(ctx.seed));
		ctx.mark('returned-2');
		ctx.report('main-sorts', { call, small: sorts.largest } satisfies MainSorts);
		const smallCopy = small.slice();
		ctx.report('small', { digest: digest(smallCopy), runs: runs(smallCopy), length: smallCopy.length } satisfies Report);
		const copy = data.slice(); // an unshared copy, to hash
		ctx.report('result', { digest: digest(copy), runs: runs(copy), length: copy.length } satisfies Report);
	},
	checks: [
		checks.value('sorted', 'the shared array itself ends up sorted: all its numbers, ascending', 'result', (result: Report, run) => {
			const want = fill(run.seed, new Int32Array(sizeOf(run.seed))).sort();
			if (result.digest === digest(want)) return true;
			if (result.runs === 1) return 'the array is in order, but it does not hold the same numbers any more (some were lost or doubled)';
			if (result.runs <= partsOf(run.seed) * 2) return `the array is made of ${result.runs} sorted runs side by side: the slices were sorted, but not merged into one`;
			return `the array is not sorted (${result.runs.toLocaleString('en')} places where a number is bigger than the next): did the workers sort the shared array, or copies of it?`;
		}, { hint: 2 }),
		checks.value('sorted-small', 'a second, smaller array with another number of parts ends up sorted too', 'small', (result: Report, run) => {
			const want = fill(run.seed + 1, new Int32Array(smallSizeOf(run.seed))).sort();
			return result.digest === digest(want) || `parallelSort(data, ${smallPartsOf(run.seed)}) on ${smallSizeOf(run.seed).toLocaleString('en')} numbers: the array is not the sorted numbers (${result.runs.toLocaleString('en')} sorted runs)`;
		}, { hint: 2 }),
		checks.custom('workers', 'starts one worker per slice: `parts` workers', (run) => {
			for (const [from, to, parts] of [['call', 'returned', partsOf(run.seed)], ['call-2', 'returned-2', smallPartsOf(run.seed)]] as const) {
				const started = workersBetween(run, from, to).length;
				if (started !== parts) return `parallelSort(data, ${parts}) started ${started} worker${started === 1 ? '' : 's'}: one worker per slice`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('equal-slices', 'the slices are (nearly) equal: every worker sorts its share', (run) => {
			const ids = new Set(workersBetween(run, 'call', 'returned'));
			const lanes = run.trace.lanes.filter((lane) => lane.threadId !== undefined && ids.has(lane.threadId));
			if (lanes.length < 2) return unseenWorkers(run, ids) ?? `fewer than two workers sorted (the grader saw ${lanes.length} of the ${ids.size} workers run)`;
			const cpus = lanes.map((lane) => lane.cpuMs);
			const [least, most] = [Math.min(...cpus), Math.max(...cpus)];
			const lopsided = `one worker used ${Math.round(most)} ms of CPU and another only ${Math.round(least)} ms: split the array into slices of nearly equal size, so that every core gets its share`;
			// A worker's CPU is known only up to the sampler's last look at it: after that it may have used up to
			// the rest of its life. A busy machine's late sampler can leave the big slice's worker looking small.
			const bounds = [...ids].map((id) => workerCpuBounds(run, id));
			const [leastMost, mostLeast] = [Math.min(...bounds.map(([, hi]) => hi)), Math.max(...bounds.map(([lo]) => lo))];
			const [leastLeast, mostMost] = [Math.min(...bounds.map(([lo]) => lo)), Math.max(...bounds.map(([, hi]) => hi))];
			if (leastMost * 3 < mostLeast) return lopsided;
			if (leastLeast * 3 >= mostMost) return true;
			const f = fairness(run);
			if (f.busy) return inconclusive(f.evidence, `the grader's sampler last looked at a worker up to ${Math.round(mostMost - mostLeast)} ms before it exited, so its CPU is not known`);
			return least * 3 >= most || lopsided;
		}, { observesThreads: true, timing: true, hint: 0 }),
		checks.parallelism({ minOverlapMs: 300, hint: 1 }),
		checks.custom('main-thread-merges-only', 'the main thread only merges: the sorting is done by the workers', (run) => {
			const sorted = run.values['main-sorts'] as MainSorts | undefined;
			for (const [taken, size, parts] of [[sorted?.call, sizeOf(run.seed), partsOf(run.seed)], [sorted?.small, smallSizeOf(run.seed), smallPartsOf(run.seed)]] as const) {
				// More numbers than the biggest slice holds: the sort took numbers from more than one slice.
				if ((taken ?? 0) > Math.ceil(size / parts)) {
					return `during parallelSort(data, ${parts}) the main thread called sort() on ${taken!.toLocaleString('en')} numbers: the workers' slices are already sorted, so merge them (mergeRuns) instead of sorting again`;
				}
			}
			const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
			const from = at('call');
			const to = at('returned');
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			if (from === undefined || to === undefined || !main) return 'parallelSort never resolved';
			const workers = Math.round(run.trace.lanes.filter((lane) => lane.name !== 'main').reduce((sum, lane) => sum + lane.cpuMs, 0));
			const allowed = Math.round(MAIN_SHARE * workers);
			const used = cpuWithin(run, main, from, to, allowed, (ms) => `during parallelSort the main thread used ${ms} ms of CPU, the workers ${workers} ms between them (the main thread may use up to ${Math.round(MAIN_SHARE * 100)}% of that, for merging): the main thread sorted the numbers itself`);
			return typeof used === 'number' || used;
		}, { observesThreads: true, timing: true, hint: 1 }),
		checks.noLeaks(),
	],
});
