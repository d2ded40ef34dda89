// WRONG: treats the first message as "the worker is done" and resolves right there. The worker is
// still alive: the rest of its messages and its exit are never recorded.
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
		worker.once('message', (data) => {
			events.push({ event: 'message', data });
			resolve(events);
		});
	});
}
