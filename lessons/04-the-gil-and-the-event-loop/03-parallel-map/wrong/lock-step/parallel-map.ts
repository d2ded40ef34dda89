// Wrong: it works in rounds. Every worker gets a range, then it waits for all of them to answer before
// the next round. Workers that finish early sit idle until the slowest of the round is done.
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

function ask(worker: Worker, id: number, [from, to]: Range): Promise<Answer> {
	return new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.postMessage({ id, from, to });
	});
}

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const results: number[] = new Array(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	for (let start = 0; start < ranges.length; start += size) {
		const round = workers.slice(0, Math.min(size, ranges.length - start));
		const answers = await Promise.all(round.map((worker, k) => ask(worker, start + k, ranges[start + k]!)));
		for (const answer of answers) results[answer.id] = answer.count;
	}
	const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
	for (const worker of workers) worker.postMessage('stop');
	await Promise.all(exits);
	return results;
}
