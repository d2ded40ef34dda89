// The theatre runs real checkers: one worker alternating two queues, then two workers in parallel.
import { describe, expect, it } from 'vitest';
import { TheatreDemo } from '../../source/demos/theatre.js';
import { liveDemoWorkers } from '../../source/demos/workers.js';
import { noWorkersLeft, workerHandles } from '../helpers/demo-workers.js';

const small = { people: 3, checkWork: 300_000 };

describe('theatre', () => {
	it('one checker alternates VIP and regular, one ticket at a time', async () => {
		const demo = new TheatreDemo(small);
		const snapshots: number[] = [];
		demo.subscribe((snapshot) => snapshots.push(snapshot.modes.one.checking.length));
		const result = await demo.run('one');
		expect(result?.status).toBe('done');
		expect(result?.checked.map((c) => c.person)).toEqual(['V1', 'R1', 'V2', 'R2', 'V3', 'R3']);
		expect(result?.checked.every((c) => c.checker === 1)).toBe(true);
		expect(result?.mostAtOnce).toBe(1);
		expect(Math.max(...snapshots)).toBe(1);
		expect(result!.elapsedMs).toBeGreaterThan(0);
		expect(demo.snapshot.modes.one.queued).toEqual({ vip: [], regular: [] });
		await demo.stop();
		await noWorkersLeft();
	});

	it('two checkers each drain their own queue, and check two tickets at the same instant', async () => {
		// Enough work per ticket that the two workers' checks overlap even on one busy core.
		const demo = new TheatreDemo({ people: 3, checkWork: 2_000_000 });
		const result = await demo.run('two');
		expect(result?.status).toBe('done');
		expect(result?.checked.filter((c) => c.checker === 1).map((c) => c.person)).toEqual(['V1', 'V2', 'V3']);
		expect(result?.checked.filter((c) => c.checker === 2).map((c) => c.person)).toEqual(['R1', 'R2', 'R3']);
		expect(result?.mostAtOnce).toBe(2);
		await demo.stop();
		await noWorkersLeft();
	});

	it('stop() in the middle of a run ends every worker and settles the run', async () => {
		const demo = new TheatreDemo({ people: 50, checkWork: 5_000_000 });
		const running = demo.run('two');
		await new Promise<void>((resolve) => {
			const off = demo.subscribe((snapshot) => {
				if (snapshot.modes.two.checking.length > 0) {
					off();
					resolve();
				}
			});
		});
		expect(liveDemoWorkers()).toBe(2);
		expect(workerHandles()).toBeGreaterThan(0);
		await demo.stop();
		expect(liveDemoWorkers()).toBe(0);
		await expect(running).resolves.toBeUndefined();
		await noWorkersLeft();
	});
});
