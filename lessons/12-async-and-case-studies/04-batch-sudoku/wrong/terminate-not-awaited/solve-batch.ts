// WRONG: ends the workers but does not wait for them: solveAll resolves while they are still running
// (terminate() returns a promise that settles once the worker has exited).
import { Worker } from 'node:worker_threads';

interface Answer {
	start: number;
	solutions: string[];
}

/**
 * Solves every puzzle on a pool of `workers` workers (solver-worker.ts), sending them `chunkSize`
 * puzzles per message. Resolves with the solutions in the order of `puzzles`.
 */
export async function solveAll(puzzles: string[], workers: number, chunkSize: number): Promise<string[]> {
	// The chunks: [0, chunkSize), [chunkSize, 2 * chunkSize), ... — the last one may be shorter.
	const starts: number[] = [];
	for (let start = 0; start < puzzles.length; start += chunkSize) starts.push(start);
	const solutions = new Array<string>(puzzles.length);
	let next = 0;

	const pool = Array.from({ length: workers }, () => new Worker(new URL('./solver-worker.js', import.meta.url)));
	// Each worker takes a chunk, and another as soon as it answers, until none are left.
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const give = () => {
				if (next === starts.length) return resolve();
				const start = starts[next++]!;
				worker.postMessage({ start, puzzles: puzzles.slice(start, start + chunkSize) });
			};
			worker.on('message', ({ start, solutions: solved }: Answer) => {
				solved.forEach((solution, i) => (solutions[start + i] = solution)); // by position, not arrival
				give();
			});
			worker.once('error', reject);
			give();
		});
	try {
		await Promise.all(pool.map(drain));
	} finally {
		void Promise.all(pool.map((worker) => worker.terminate())); // "they are idle, ending them can go on in the background"
	}
	return solutions;
}
