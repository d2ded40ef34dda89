import { checks, defineExercise } from 'conc-tutor/kit';
import { PUZZLES } from './starter/puzzles.ts';

const COUNT = 200;
const WORKERS = 2;
const CHUNK = 12;
const CHUNKS = Math.ceil(COUNT / CHUNK); // 17: sixteen of 12, one of 8

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
		for (let k = 0; k < CHUNK && list.length < COUNT; k++) list.push((first.length > 0 ? first : second).shift()!);
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
	limits: { timeoutMs: 15_000 },
	async run(ctx) {
		const { solveAll } = await ctx.import('solve-batch.ts');
		ctx.report('solutions', await solveAll(batch(ctx.seed), WORKERS, CHUNK));
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
		checks.custom('sends-chunks', `sends the puzzles in chunks of ${CHUNK}, not one by one`, (run) => {
			const sent = run.trace.events.filter((e) => e.type === 'message' && e.from === 0).length;
			return sent <= CHUNKS + 2 * WORKERS ||
				`the main thread posted ${sent} messages to workers; ${COUNT} puzzles in chunks of ${CHUNK} take ${CHUNKS} (each message costs a copy and a wake-up of the worker)`;
		}, { hint: 0 }),
		checks.custom('chunks-at-once', `keeps ${WORKERS} chunks in the works at the same time`, (run) => {
			// From the trace: a message from the main thread (0) to a worker opens a chunk there; the
			// worker's message back closes it. Count the workers holding an open chunk at each moment.
			const open = new Map<number, number>();
			let most = 0;
			const events = run.trace.events.filter((e) => e.type === 'message').sort((a, b) => a.t - b.t);
			for (const e of events) {
				if (e.type !== 'message') continue;
				if (e.from === 0) open.set(e.to, (open.get(e.to) ?? 0) + 1);
				else if (e.to === 0) open.set(e.from, Math.max(0, (open.get(e.from) ?? 0) - 1));
				most = Math.max(most, [...open.values()].filter((n) => n > 0).length);
			}
			return most >= WORKERS ||
				`at most ${most} worker${most === 1 ? ' was' : 's were'} ever working on a chunk at the same moment: the next chunk was sent only after the previous answer came back, so the workers took turns`;
		}, { hint: 1 }),
		checks.workers({ exact: WORKERS }, { title: `solves on exactly ${WORKERS} workers`, hint: 0 }),
		checks.parallelism({ hint: 1 }),
		checks.noLeaks(),
	],
});
