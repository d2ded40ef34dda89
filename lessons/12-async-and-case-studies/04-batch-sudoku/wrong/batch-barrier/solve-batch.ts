// Wrong: hands out chunks in rounds, one per worker, and waits until the whole round has answered
// before the next: a worker that finishes early sits idle until the slowest chunk of its round is done.
import { Worker } from 'node:worker_threads';

interface Answer {
	start: number;
	solutions: string[];
}

export async function solveAll(puzzles: string[], workers: number, chunkSize: number): Promise<string[]> {
	const starts: number[] = [];
	for (let start = 0; start < puzzles.length; start += chunkSize) starts.push(start);
	const solutions = new Array<string>(puzzles.length);
	const pool = Array.from({ length: workers }, () => new Worker(new URL('./solver-worker.js', import.meta.url)));
	const ask = (worker: Worker, start: number) =>
		new Promise<void>((resolve, reject) => {
			worker.once('message', ({ solutions: solved }: Answer) => {
				solved.forEach((solution, i) => (solutions[start + i] = solution));
				resolve();
			});
			worker.once('error', reject);
			worker.postMessage({ start, puzzles: puzzles.slice(start, start + chunkSize) });
		});
	try {
		for (let round = 0; round < starts.length; round += workers) {
			const batch = pool.slice(0, Math.min(workers, starts.length - round));
			await Promise.all(batch.map((worker, k) => ask(worker, starts[round + k]!)));
		}
	} finally {
		await Promise.all(pool.map((worker) => worker.terminate()));
	}
	return solutions;
}
