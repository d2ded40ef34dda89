// Wrong: a worker that answers goes back on an idle list; a dispatcher loop on a 40 ms setTimeout hands the
// next chunks, in order, to the idle workers. Every chunk is solved and the workers stay mostly busy, but
// the worker that answered waits for the timer's next look instead of getting its next chunk at once.
import { Worker } from 'node:worker_threads';

interface Answer {
	start: number;
	solutions: string[];
}

/** How often the dispatcher looks for idle workers, ms. */
const TICK_MS = 40;

/**
 * Solves every puzzle on a pool of `workers` workers (solver-worker.ts), sending them `chunkSize`
 * puzzles per message. A dispatcher loop hands the next chunk to every idle worker on each round.
 */
export async function solveAll(puzzles: string[], workers: number, chunkSize: number): Promise<string[]> {
	const starts: number[] = [];
	for (let start = 0; start < puzzles.length; start += chunkSize) starts.push(start);
	const solutions = new Array<string>(puzzles.length);
	let next = 0;
	let answered = 0;

	const pool = Array.from({ length: workers }, () => new Worker(new URL('./solver-worker.js', import.meta.url)));
	const idle = new Set<Worker>(pool);
	let failed: unknown;
	for (const worker of pool) {
		worker.on('message', ({ start, solutions: solved }: Answer) => {
			solved.forEach((solution, i) => (solutions[start + i] = solution));
			answered++;
			idle.add(worker); // picked up again on the dispatcher's next round
		});
		worker.once('error', (error) => (failed = error));
	}

	try {
		await new Promise<void>((resolve, reject) => {
			const round = () => {
				if (failed) return reject(failed);
				for (const worker of [...idle]) {
					if (next === starts.length) break;
					const start = starts[next++]!;
					idle.delete(worker);
					worker.postMessage({ start, puzzles: puzzles.slice(start, start + chunkSize) });
				}
				if (answered === starts.length) return resolve();
				setTimeout(round, TICK_MS);
			};
			round();
		});
	} finally {
		await Promise.all(pool.map((worker) => worker.terminate()));
	}
	return solutions;
}
