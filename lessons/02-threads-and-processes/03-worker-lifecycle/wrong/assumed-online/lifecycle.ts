// Wrong: the 'online' entry is written right after the constructor ("new Worker() starts the thread, so it
// is online"), with no 'online' listener. It lands in the right place in the list, but it records no event.
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
		// The constructor has created *and* started the thread: a Worker has no "new" state to
		// observe, and the worker may already be running its file. This marks the constructor returning.
		events.push({ event: 'created', threadId: worker.threadId });
		// new Worker() starts the thread at once, so it is online from here on.
		events.push({ event: 'online' });
		worker.on('message', (data) => events.push({ event: 'message', data }));
		worker.on('error', reject);
		// "dead": the thread has ended, with this exit code. Nothing comes after it.
		worker.once('exit', (code) => {
			events.push({ event: 'exit', code });
			resolve(events);
		});
	});
}
