// WRONG: records every event as it happens, but the created event says threadId 1 ("the first worker
// is always thread 1") instead of reading worker.threadId. Any other worker started before it moves
// the id on.
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
		events.push({ event: 'created', threadId: 1 });
		worker.on('online', () => events.push({ event: 'online' }));
		worker.on('message', (data) => events.push({ event: 'message', data }));
		worker.on('error', reject);
		worker.once('exit', (code) => {
			events.push({ event: 'exit', code });
			resolve(events);
		});
	});
}
