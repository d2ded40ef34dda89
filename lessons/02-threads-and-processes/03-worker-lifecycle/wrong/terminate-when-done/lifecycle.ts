// WRONG: after the last message it "cleans up" with worker.terminate(). The worker was still closing
// its files; terminate() kills it mid-way, and the exit code recorded is 1 (terminated), not the code
// the worker would have exited with.
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
			if (++received === steps) void worker.terminate();
		});
		worker.once('exit', (code) => {
			events.push({ event: 'exit', code });
			resolve(events);
		});
	});
}
