// Wrong: deals the chunks out in advance, round-robin (worker k gets chunks k, k + workers, …), and
// each worker works through its own list. A worker that drew hard chunks falls behind while the others
// run dry: a free worker does not take the next chunk nobody has taken.
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
	void next;
	// Each worker takes a chunk, and another as soon as it answers, until none are left.
	const drain = (worker: Worker, k: number) =>
		new Promise<void>((resolve, reject) => {
			let mine = k;
			const give = () => {
				if (mine >= starts.length) return resolve();
				const start = starts[mine]!;
				mine += workers;
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
		await Promise.all(pool.map((worker, k) => drain(worker, k)));
	} finally {
		await Promise.all(pool.map((worker) => worker.terminate())); // all idle by now
	}
	return solutions;
}
