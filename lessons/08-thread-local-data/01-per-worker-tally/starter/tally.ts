// Starts one worker per list in `plan`, sends worker i every value of plan[i] (one message each),
// then asks every worker for its own totals. You do not need to change this file.
import { Worker } from 'node:worker_threads';
import { attach, everyone, mine, type Totals } from './stats.js';
import type { ToWorker } from './tally-worker.js';

export interface Tally {
	/** What each worker's mine() said, in the order of `plan`. */
	perWorker: Totals[];
	/** What the main thread's everyone() says after all workers have reported. */
	all: Totals;
	/** What the main thread's mine() says: the main thread recorded nothing itself. */
	main: Totals;
}

export async function runTally(plan: number[][]): Promise<Tally> {
	const shared = new SharedArrayBuffer(1024);
	attach(shared);
	const workers = plan.map(() => new Worker(new URL('./tally-worker.js', import.meta.url), { workerData: { shared } }));
	const send = (worker: Worker, message: ToWorker) => worker.postMessage(message);
	try {
		// Task k of every worker before task k+1 of any: all the workers record at the same time.
		const longest = Math.max(...plan.map((list) => list.length));
		for (let k = 0; k < longest; k++) {
			plan.forEach((list, i) => {
				if (k < list.length) send(workers[i]!, { type: 'task', value: list[k]! });
			});
		}
		// A report request is queued behind that worker's tasks, so it answers after recording them all.
		const perWorker = await Promise.all(
			workers.map(
				(worker) =>
					new Promise<Totals>((resolve, reject) => {
						worker.once('message', resolve);
						worker.once('error', reject);
						send(worker, { type: 'report' });
					}),
			),
		);
		return { perWorker, all: everyone(), main: mine() };
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
}
