// Start steps-worker.ts and record everything that happens to it, in order.

export type LifecycleEvent =
	| { event: 'created'; threadId: number }
	| { event: 'online' }
	| { event: 'message'; data: unknown }
	| { event: 'exit'; code: number };

export async function recordLifecycle(steps: number, exitCode: number): Promise<LifecycleEvent[]> {
	throw new Error('not written yet');
}
