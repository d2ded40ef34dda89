// The deadlock demo: two real workers, two locks in opposite order; the watchdog draws the wait-for
// graph and ends them; with one order for both, the same work completes.
import { describe, expect, it } from 'vitest';
import { DeadlockDemo, waitForGraph } from '../../source/demos/deadlock.js';
import { noWorkersLeft } from '../helpers/demo-workers.js';

const small = { rounds: 3, holdMs: 30, watchMs: 20, stuckMs: 100 };

describe('wait-for graph', () => {
	it('finds the two-worker cycle and says who holds and waits for what', () => {
		const graph = waitForGraph({ owners: [1, 2], waiting: [2, 1] });
		expect(graph?.lines).toEqual(['worker 1 holds A, waits for B', 'worker 2 holds B, waits for A']);
		expect(graph?.cycle).toBe('worker 1 → B → worker 2 → A → worker 1');
		expect(graph?.edges).toEqual([
			{ worker: 1, holds: ['A'], waitsFor: 'B', heldBy: 2 },
			{ worker: 2, holds: ['B'], waitsFor: 'A', heldBy: 1 },
		]);
	});

	it('sees no cycle when a worker merely waits its turn, or waits for a lock that is free', () => {
		expect(waitForGraph({ owners: [1, 0], waiting: [0, 1] })).toBeUndefined(); // worker 2 waits for A behind worker 1
		expect(waitForGraph({ owners: [1, 0], waiting: [2, 1] })).toBeUndefined(); // B is free: worker 1 is about to get it
		expect(waitForGraph({ owners: [0, 0], waiting: [0, 0] })).toBeUndefined();
	});
});

describe('deadlock demo', () => {
	it('locks taken in opposite order deadlock; the graph is reported and both workers are ended', async () => {
		const demo = new DeadlockDemo(small);
		const result = await demo.run('opposite');
		expect(result?.status).toBe('deadlocked');
		expect(result?.graph?.lines).toEqual(['worker 1 holds A, waits for B', 'worker 2 holds B, waits for A']);
		expect(result?.workers.map((worker) => worker.status)).toEqual(['terminated', 'terminated']);
		expect(result?.workers.map((worker) => [worker.holds, worker.waitsFor])).toEqual([
			[['A'], 'B'],
			[['B'], 'A'],
		]);
		// Seen stuck for stuckMs before it was called a deadlock.
		expect(result!.elapsedMs).toBeGreaterThanOrEqual(small.holdMs + small.stuckMs);
		await noWorkersLeft();

		const ordered = await demo.run('ordered');
		expect(ordered?.status).toBe('completed');
		expect(ordered?.graph).toBeUndefined();
		expect(ordered?.workers.map((worker) => [worker.status, worker.roundsDone])).toEqual([
			['done', 3],
			['done', 3],
		]);
		// Both phases stay in the snapshot for the screen.
		expect(demo.snapshot.modes.opposite.status).toBe('deadlocked');
		expect(demo.snapshot.modes.ordered.status).toBe('completed');
		await demo.stop();
		await noWorkersLeft();
	});

	it('stop() while deadlocked workers are still stuck ends them', async () => {
		const demo = new DeadlockDemo({ ...small, stuckMs: 60_000 });
		const running = demo.run('opposite');
		await new Promise<void>((resolve) => {
			const off = demo.subscribe((snapshot) => {
				if (snapshot.modes.opposite.workers.every((worker) => worker.waitsFor)) {
					off();
					resolve();
				}
			});
		});
		await demo.stop();
		await expect(running).resolves.toBeUndefined();
		await noWorkersLeft();
	});
});
