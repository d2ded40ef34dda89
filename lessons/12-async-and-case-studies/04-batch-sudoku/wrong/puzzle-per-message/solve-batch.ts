// Wrong: ignores chunkSize and sends one puzzle per message. It works, but every puzzle pays for a
// message each way — the overhead that chunking (Python's chunksize=) exists to avoid.
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
	const starts = puzzles.map((_, i) => i); // ignores chunkSize
	const solutions = new Array<string>(puzzles.length);
	let next = 0;

	const pool = Array.from({ length: workers }, () => new Worker(new URL('./solver-worker.js', import.meta.url)));
	// Each worker takes a chunk, and another as soon as it answers, until none are left.
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const give = () => {
				if (next === starts.length) return resolve();
				const start = next++;
				worker.postMessage({ start, puzzles: [puzzles[start]!] }); // one puzzle at a time
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
