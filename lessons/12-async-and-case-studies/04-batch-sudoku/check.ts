import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, describeIdle, idleAfterAnswer, watchHandoffs, type Handoff, type RunResult } from 'conc-tutor/kit';
import { exitedBeforeReturn, hash, inInputOrder, kept, oneAtATime, type PoolLogEntry } from '../../07-context-switching-and-pools/_pool-trace.js';
import { PUZZLES } from './starter/puzzles.ts';

const COUNT = 200;
// By seed: 2 to 4 workers, chunks of 7 to 13 (so the last chunk is usually shorter).
const workersOf = (seed: number) => 2 + (hash(seed, 0, 0x1f83d9ab) % 3);
/** 7 to 13, never a divisor of 200 (so 8 and 10 are left out): the last chunk is always a short one. */
const CHUNK_SIZES = [7, 9, 11, 12, 13];
const chunkOf = (seed: number) => CHUNK_SIZES[hash(seed, 1, 0x1f83d9ab) % CHUNK_SIZES.length]!;
const chunksOf = (seed: number) => Math.ceil(COUNT / chunkOf(seed));
/** One chunk, handed out in the second round, waits until the other workers have answered 2 chunks each. */
const longChunk = (seed: number) => workersOf(seed) + (hash(seed, 2, 0x1f83d9ab) % 2);

/**
 * Each chunk is solved this many times by the grader's worker: the same answers, with enough CPU that a
 * correct pool's workers overlap for several times what `parallelism` needs (once: about 1×, idle).
 */
const SOLVES = 3;

/** The grader's copy of solver-worker.js: the same messages and answers, plus a log on a BroadcastChannel. */
const WORKER = (plan: { channel: string; longStart: number; longNeeds: number; total: number; gateMs: number; solves: number }) => `
import { parentPort, threadId } from 'node:worker_threads';
import { solve } from './sudoku.js';
const PLAN = ${JSON.stringify(plan)};
const log = new BroadcastChannel(PLAN.channel);
// While the long chunk waits, it counts the chunks other workers RECEIVED after it started and then
// finished. Received when their worker stamped it, not when its line arrives here: on a busy machine
// another thread's lines can arrive after this thread's next chunk, and a barrier's earlier round then
// looked like work done meanwhile (CI, two spinners: wrong/batch-barrier passed).
const stamp = () => Number(process.hrtime.bigint() / 1000n); // µs, one clock for every thread
let othersDone = 0;
let since = Infinity;
const receivedAt = new Map();
log.onmessage = (event) => {
	const m = event.data;
	if (!m || m.threadId === threadId) return;
	if (m.kind === 'got' && m.index !== null) receivedAt.set(m.index, m.at);
	if (m.kind === 'done' && receivedAt.get(m.index) >= since) othersDone++;
};
log.unref();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let busy = 0;
let chain = Promise.resolve();
parentPort.on('message', (m) => {
	const ok = m && Number.isInteger(m.start) && Array.isArray(m.puzzles);
	log.postMessage({ kind: 'got', threadId, index: ok ? m.start : null, size: ok ? m.puzzles.length : null, whileBusy: ok && busy > 0, at: stamp() });
	if (!ok) return;
	busy++;
	chain = chain.then(async () => {
		let others, gated, waiting;
		if (m.start === PLAN.longStart) {
			since = stamp();
			const start = othersDone;
			// Chunks nobody had received when this one began: the others cannot finish more than were left.
			const waitingThen = () => PLAN.total - 1 - [...receivedAt.values()].filter((at) => at < since).length;
			const needs = () => Math.min(PLAN.longNeeds, waitingThen());
			const until = Date.now() + PLAN.gateMs;
			while (othersDone - start < needs() && Date.now() < until) await sleep(2);
			others = othersDone - start;
			gated = others >= needs();
			waiting = waitingThen();
			since = Infinity;
		}
		const solutions = m.puzzles.map(solve);
		for (let again = 1; again < PLAN.solves; again++) m.puzzles.forEach(solve);
		busy--;
		// Logged before the answer: terminate() may stop this thread between two statements, so a line
		// posted after the last answer could be lost (it was, once, in CI with the other core busy).
		log.postMessage({ kind: 'done', threadId, index: m.start, others, gated, waiting });
		parentPort.postMessage({ start: m.start, solutions });
	});
});
`;
type ChunkLogEntry = PoolLogEntry & { size?: number | null };
const logOf = (run: RunResult) => (run.values.log ?? []) as ChunkLogEntry[];

/**
 * 200 of the shipped puzzles (which are sorted easiest first), different each run, laid out so that the
 * chunks alternate: a chunk of harder puzzles, a chunk of easier ones, and so on. Chunks then finish
 * out of order on two workers, every run — as they would, sooner or later, on real input.
 */
function batch(seed: number): string[] {
	let state = (seed * 2654435761) >>> 0 || 1;
	const shuffled = (list: readonly string[]) => {
		const copy = [...list];
		for (let i = copy.length - 1; i > 0; i--) {
			state = (Math.imul(state, 1103515245) + 12345) >>> 0;
			const j = (state >>> 8) % (i + 1);
			[copy[i], copy[j]] = [copy[j]!, copy[i]!];
		}
		return copy;
	};
	const half = PUZZLES.length / 2;
	const easy = shuffled(PUZZLES.slice(0, half)).slice(0, COUNT / 2);
	const hard = shuffled(PUZZLES.slice(half)).slice(0, COUNT / 2);
	const list: string[] = [];
	for (let chunk = 0; list.length < COUNT; chunk++) {
		const [first, second] = chunk % 2 === 0 ? [hard, easy] : [easy, hard];
		for (let k = 0; k < 12 && list.length < COUNT; k++) list.push((first.length > 0 ? first : second).shift()!);
	}
	return list;
}

/** Why `solution` does not solve `puzzle`, or null when it does. */
function problem(puzzle: string, solution: unknown): string | null {
	if (typeof solution !== 'string') return `it is ${solution === undefined ? 'missing' : JSON.stringify(solution)}`;
	if (!/^[1-9]{81}$/.test(solution)) return 'it is not 81 digits 1-9';
	for (let cell = 0; cell < 81; cell++) {
		if (/[1-9]/.test(puzzle[cell]!) && puzzle[cell] !== solution[cell]) return `it changes the given ${puzzle[cell]} in row ${Math.floor(cell / 9) + 1}, column ${(cell % 9) + 1}`;
	}
	for (let unit = 0; unit < 9; unit++) {
		const row = new Set<string>();
		const col = new Set<string>();
		const box = new Set<string>();
		for (let k = 0; k < 9; k++) {
			row.add(solution[unit * 9 + k]!);
			col.add(solution[k * 9 + unit]!);
			box.add(solution[(Math.floor(unit / 3) * 3 + Math.floor(k / 3)) * 9 + (unit % 3) * 3 + (k % 3)]!);
		}
		if (row.size < 9) return `row ${unit + 1} repeats a digit`;
		if (col.size < 9) return `column ${unit + 1} repeats a digit`;
		if (box.size < 9) return `box ${unit + 1} repeats a digit`;
	}
	return null;
}

export default defineExercise({
	limits: { timeoutMs: 20_000 },
	async run(ctx) {
		const chunk = chunkOf(ctx.seed);
		const workers = workersOf(ctx.seed);
		const channel = `conc-tutor-sudoku-${ctx.seed}-${Math.floor(ctx.random() * 1e9)}`;
		const gateMs = Math.round(4000 * ctx.factor * Math.min(3, await ctx.pace()));
		writeFileSync(path.join(ctx.dir, 'solver-worker.js'), WORKER({ channel, longStart: longChunk(ctx.seed) * chunk, longNeeds: 2 * (workers - 1), total: chunksOf(ctx.seed), gateMs, solves: SOLVES }));
		const entries: ChunkLogEntry[] = [];
		const listener = new BroadcastChannel(channel);
		listener.onmessage = (event: MessageEvent) => entries.push(event.data as ChunkLogEntry);
		const { solveAll } = await ctx.import('solve-batch.ts');
		// Every chunk waits from the call on; answers and chunks sent are noted with their turn of the event loop.
		const handoffs = watchHandoffs((await import('node:worker_threads')).Worker);
		handoffs.queued(chunksOf(ctx.seed));
		const solutions = await solveAll(batch(ctx.seed), workers, chunk);
		ctx.mark('returned');
		handoffs.stop();
		ctx.report('handoffs', handoffs.handoffs);
		ctx.report('solutions', solutions);
		// Log lines still on their way (each 'done' is posted just before its answer, but may arrive after it).
		await ctx.waitFor(() => entries.filter((e) => e.kind === 'done').length >= chunksOf(ctx.seed), 500 * ctx.factor);
		listener.close();
		ctx.report('log', entries);
	},
	checks: [
		checks.value('every-puzzle-solved', 'solution i solves puzzle i, for all 200', 'solutions', (solutions: unknown, run) => {
			if (!Array.isArray(solutions)) return `solveAll resolved with ${typeof solutions}, not an array`;
			const puzzles = batch(run.seed);
			if (solutions.length !== puzzles.length) return `got ${solutions.length} solutions for ${puzzles.length} puzzles`;
			const missing = solutions.map((s, i) => (s === undefined || s === null ? i : -1)).filter((i) => i >= 0);
			if (missing.length > 0) return `${missing.length} puzzles have no solution (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): were all the chunks sent?`;
			for (const [i, puzzle] of puzzles.entries()) {
				const wrong = problem(puzzle, solutions[i]);
				if (!wrong) continue;
				const other = puzzles.findIndex((p, j) => j !== i && !problem(p, solutions[i]));
				if (other >= 0) return `solution ${i} is the solution of puzzle ${other}: solutions must be in the order of the puzzles`;
				return `solution ${i} does not solve puzzle ${i}: ${wrong}`;
			}
			return true;
		}, { hint: 2 }),
		checks.custom('sends-chunks', 'sends every chunk of `chunkSize` puzzles once, as one message { start, puzzles }', (run) => {
			const chunk = chunkOf(run.seed);
			const seen = new Map<number, number>();
			for (const e of logOf(run)) {
				if (e.kind !== 'got') continue;
				const start = e.index;
				if (start === null || start % chunk !== 0 || start >= COUNT) return `a worker got a message that is not a chunk { start, puzzles } starting at a multiple of ${chunk} (start ${JSON.stringify(start)})`;
				const want = Math.min(chunk, COUNT - start);
				if (e.size !== want) return `the chunk starting at ${start} had ${e.size} puzzles; chunks of ${chunk} (the last may be shorter) hold ${want} there`;
				seen.set(start, (seen.get(start) ?? 0) + 1);
			}
			for (let start = 0; start < COUNT; start += chunk) {
				if (!seen.has(start)) return `the chunk starting at puzzle ${start} never reached a worker: ${COUNT} puzzles in chunks of ${chunk} make ${chunksOf(run.seed)} messages`;
				if (seen.get(start)! > 1) return `the chunk starting at puzzle ${start} was sent ${seen.get(start)} times`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('one-at-a-time', 'gives a worker its next chunk only after it answered', (run) => oneAtATime(logOf(run)), { hint: 1 }),
		checks.custom('next-in-order', 'hands out the next chunk nobody has taken, in order', (run) => inInputOrder(run, logOf(run)), { hint: 1 }),
		checks.custom('no-idle-worker', 'when a worker answers, it gets the next chunk at once', (run) => {
			const idle = idleAfterAnswer((run.values.handoffs ?? []) as Handoff[]);
			if (idle) return describeIdle(idle, 'chunk');
			return kept(logOf(run), { longIndex: longChunk(run.seed) * chunkOf(run.seed), longNeeds: 2 * (workersOf(run.seed) - 1) });
		}, { hint: 1, timing: true }),
		checks.custom('workers', 'solves on exactly `workers` workers', (run) => {
			const want = workersOf(run.seed);
			return run.trace.workers.started === want || `started ${run.trace.workers.started} workers; solveAll(puzzles, ${want}, …) must start exactly ${want}`;
		}, { hint: 0 }),
		checks.parallelism({ minOverlapMs: 200, hint: 1 }),
		checks.custom('exited-before-return', 'every worker has exited before solveAll resolves', (run) => exitedBeforeReturn(run, 'returned')),
		checks.noLeaks(),
	],
});
