// The GIL lab runs the same prime count three ways on real threads.
import { describe, expect, it } from 'vitest';
import { GilLabDemo, type GilLabSnapshot } from '../../source/demos/gil-lab.js';
import { noWorkersLeft } from '../helpers/demo-workers.js';

// π(300,000) = 25,997: the same answer whichever way the work was split.
const small = { limit: 300_000, chunks: 4, slices: 10, sampleMs: 20 };

describe('gil lab', () => {
	it('counts the same primes three ways; only free workers compute at the same moment', async () => {
		const demo = new GilLabDemo(small);
		const snapshots: GilLabSnapshot[] = [];
		demo.subscribe((snapshot) => snapshots.push(snapshot));
		const viaAsync = await demo.run('async');
		const viaGil = await demo.run('gil');
		const free = await demo.run('free');
		for (const result of [viaAsync, viaGil, free]) {
			expect(result?.status).toBe('done');
			expect(result?.primes).toBe(25_997);
			expect(result?.progress).toEqual([1, 1, 1, 1]);
			expect(result!.wallMs).toBeGreaterThan(0);
			expect(result!.cpuMs).toBeGreaterThan(0);
		}
		expect(viaAsync?.mostAtOnce).toBe(1);
		expect(viaGil?.mostAtOnce).toBe(1);
		// Four workers inside a slice at once: true even on one core, where the OS time-slices them.
		expect(free!.mostAtOnce).toBeGreaterThanOrEqual(2);
		// One thread computes at a time (mostAtOnce 1 above). CPU ÷ wall is a wall-clock ratio that a busy
		// machine moves: it is measured in bench/gil-lab.mjs, not asserted here.
		for (const result of [viaAsync, viaGil, free]) expect(Number.isFinite(result!.ratio)).toBe(true);
		// The final snapshot keeps every mode's result, and nothing is running.
		const last = snapshots.at(-1)!;
		expect(last.running).toBeUndefined();
		expect(Object.values(last.modes).map((mode) => mode.primes)).toEqual([25_997, 25_997, 25_997]);
		await demo.stop();
		await noWorkersLeft();
	});

	it('samples progress while a mode runs, and stop() ends its workers part-way', async () => {
		const demo = new GilLabDemo({ limit: 20_000_000, chunks: 4, slices: 200, sampleMs: 20 });
		const running = demo.run('gil');
		const partway = await new Promise<GilLabSnapshot>((resolve) => {
			const off = demo.subscribe((snapshot) => {
				const done = snapshot.modes.gil.progress.reduce((a, b) => a + b, 0);
				if (done > 0 && snapshot.modes.gil.status === 'running') {
					off();
					resolve(snapshot);
				}
			});
		});
		expect(partway.running).toBe('gil');
		expect(partway.modes.gil.wallMs).toBeGreaterThan(0);
		await demo.stop();
		await expect(running).resolves.toBeUndefined();
		await noWorkersLeft();
	});
});
