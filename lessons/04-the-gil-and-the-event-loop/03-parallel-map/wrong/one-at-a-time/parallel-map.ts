// Wrong: two workers, but it awaits each answer before sending the next task. Only one worker is
// ever busy, so the work takes as long as on one core (plus the messages).
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

function ask(worker: Worker, id: number, [from, to]: Range): Promise<number> {
	return new Promise((resolve) => {
		worker.once('message', (answer: Answer) => resolve(answer.count));
		worker.postMessage({ id, from, to });
	});
}

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	const results: number[] = [];
	for (let i = 0; i < ranges.length; i++) {
		results.push(await ask(workers[i % size]!, i, ranges[i]!));
	}
	for (const worker of workers) worker.postMessage('stop');
	return results;
}
