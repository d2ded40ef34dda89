// Wrong: has two workers, but awaits each chunk before sending the next one. The workers take turns:
// only one of them is ever solving, so the batch takes as long as on one core.
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
	const once = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const start = starts[next++]!;
			worker.once('message', ({ solutions: solved }: Answer) => {
				solved.forEach((solution, i) => (solutions[start + i] = solution));
				resolve();
			});
			worker.once('error', reject);
			worker.postMessage({ start, puzzles: puzzles.slice(start, start + chunkSize) });
		});
	try {
		// Hands out the chunks in turns, waiting for each answer before sending the next chunk.
		for (let i = 0; next < starts.length; i++) await once(pool[i % workers]!);
	} finally {
		await Promise.all(pool.map((worker) => worker.terminate())); // all idle by now
	}
	return solutions;
}
