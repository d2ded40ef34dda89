// WRONG: a fabricated answer. It waits for the worker to exit, then writes the list from the arguments
// ("it always sends step 1 … step N and exits with exitCode") instead of recording what the worker
// really sent and how it really exited.
import { Worker } from 'node:worker_threads';

export type LifecycleEvent =
	| { event: 'created'; threadId: number }
	| { event: 'online' }
	| { event: 'message'; data: unknown }
	| { event: 'exit'; code: number };

export function recordLifecycle(steps: number, exitCode: number): Promise<LifecycleEvent[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./steps-worker.js', import.meta.url), { workerData: { steps, exitCode } });
		const threadId = worker.threadId;
		worker.on('error', reject);
		worker.once('exit', () => {
			const events: LifecycleEvent[] = [{ event: 'created', threadId }, { event: 'online' }];
			for (let i = 1; i <= steps; i++) events.push({ event: 'message', data: `step ${i}` });
			events.push({ event: 'exit', code: exitCode });
			resolve(events);
		});
	});
}
