// Starts the runners (runner.ts). You do not need to change this file.
import { Worker } from 'node:worker_threads';
import type { ThreadEvent } from './event.js';
import type { FromRunner } from './runner.js';

export interface Team {
	/** Resolves when every runner has said it is ready (and is about to wait for the event). */
	ready: Promise<void>;
	/** Resolves with each runner's finishing place once every runner has run and ended. */
	finished: Promise<number[]>;
}

export function startRunners(count: number, start: ThreadEvent, board: SharedArrayBuffer): Team {
	const readies: Promise<void>[] = [];
	const finishes: Promise<number>[] = [];
	for (let index = 0; index < count; index++) {
		const worker = new Worker(new URL('./runner.js', import.meta.url), { workerData: { index, start: start.handle, board } });
		readies.push(new Promise((resolve, reject) => {
			worker.on('message', (message: FromRunner) => message.type === 'ready' && resolve());
			worker.once('error', reject);
		}));
		finishes.push(new Promise((resolve, reject) => {
			let place = 0;
			worker.on('message', (message: FromRunner) => message.type === 'done' && (place = message.place));
			worker.once('error', reject);
			worker.once('exit', (code) => (code === 0 && place > 0 ? resolve(place) : reject(new Error(`runner ${index} ended with code ${code}`))));
		}));
	}
	return { ready: Promise.all(readies).then(() => {}), finished: Promise.all(finishes) };
}
