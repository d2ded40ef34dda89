// Shared by the demo tests: wait until no demo worker is left, and count the process's worker handles.
import { setTimeout as delay } from 'node:timers/promises';
import { liveDemoWorkers } from '../../source/demos/workers.js';

/** Resources that a live worker holds in this process (its message port). */
export function workerHandles(): number {
	return process.getActiveResourcesInfo().filter((name) => name === 'MessagePort' || name === 'Worker').length;
}

/** Resolves once every demo worker has exited; fails after `ms`. */
export async function noWorkersLeft(ms = 3000): Promise<void> {
	const deadline = Date.now() + ms;
	while (liveDemoWorkers() > 0 || workerHandles() > 0) {
		if (Date.now() > deadline) throw new Error(`${liveDemoWorkers()} demo workers still running, ${workerHandles()} worker handles`);
		await delay(10);
	}
}
