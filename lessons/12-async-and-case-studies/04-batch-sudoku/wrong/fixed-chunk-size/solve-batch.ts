// Wrong: ignores chunkSize and always sends chunks of 10 puzzles ("a good size"): the caller's
// chunk size is never used, so the pool does not send the messages it was asked to.
import { Worker } from 'node:worker_threads';

interface Answer {
	start: number;
	solutions: string[];
}

/**
 * Solves every puzzle on a pool of `workers` workers (solver-worker.ts), sending them `chunkSize`
 * puzzles per message. Resolves with the solutions in the order of `puzzles`.
 */
export async function solveAll(puzzles: string[], workers: number, _chunkSize: number): Promise<string[]> {
	const chunkSize = 10;
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
		await Promise.all(pool.map((worker) => worker.terminate())); // all idle by now
	}
	return solutions;
}
