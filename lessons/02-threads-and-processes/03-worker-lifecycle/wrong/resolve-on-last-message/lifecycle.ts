// WRONG: "the last message means it is done": after message no. steps it appends the exit it expects
// (exitCode) and resolves. The worker is still alive, closing its files for another 300 ms; the list
// looks complete, but it was resolved before the worker exited.
import { Worker } from 'node:worker_threads';

export type LifecycleEvent =
	| { event: 'created'; threadId: number }
	| { event: 'online' }
	| { event: 'message'; data: unknown }
	| { event: 'exit'; code: number };

export function recordLifecycle(steps: number, exitCode: number): Promise<LifecycleEvent[]> {
	return new Promise((resolve, reject) => {
		const events: LifecycleEvent[] = [];
		const worker = new Worker(new URL('./steps-worker.js', import.meta.url), { workerData: { steps, exitCode } });
		events.push({ event: 'created', threadId: worker.threadId });
		worker.on('online', () => events.push({ event: 'online' }));
		worker.on('error', reject);
		let received = 0;
		worker.on('message', (data) => {
			events.push({ event: 'message', data });
			if (++received === steps) {
				events.push({ event: 'exit', code: exitCode });
				resolve(events);
			}
		});
	});
}
