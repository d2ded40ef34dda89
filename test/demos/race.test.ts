// The race runs real workers on one shared counter: `counter[0]++` loses updates, Atomics.add never.
import { describe, expect, it } from 'vitest';
import { RaceDemo, type RaceSnapshot } from '../../source/demos/race.js';
import { noWorkersLeft } from '../helpers/demo-workers.js';

// Bursts of 2,000,000 outlast a time slice, so updates are lost even on one busy core (measured: 6 of
// 6 runs on one core, where bursts of 200,000 lost in 1 of 6).
const small = { workers: 2, rounds: 3, burst: 2_000_000, roundGapMs: 0 };

describe('race', () => {
	it('counter[0]++ from two workers loses updates (the counts always add up to what was lost)', async () => {
		// Whether a given run loses updates depends on the two workers overlapping, which a busy machine can
		// deny a run for its whole length (with two spinners, 3 runs of 3 rounds once lost nothing): the
		// demo's claim is that updates are lost, not that every run loses. So it races until one does, as a
		// person pressing r would; a run takes tens of ms.
		let lostInAll = 0;
		for (let run = 0; run < 30 && lostInAll === 0; run++) {
			const demo = new RaceDemo(small);
			const result = await demo.run('racy');
			expect(result?.status).toBe('done');
			expect(result?.expected).toBe(12_000_000);
			expect(result!.actual).toBe(12_000_000 - result!.lost);
			expect(result!.roundsWithLoss > 0).toBe(result!.lost > 0);
			lostInAll += result!.lost;
			await demo.stop();
		}
		expect(lostInAll).toBeGreaterThan(0);
		await noWorkersLeft();
	});

	it('Atomics.add loses nothing, and the counts go up round by round', async () => {
		const demo = new RaceDemo({ ...small, burst: 500_000 });
		const seen: RaceSnapshot[] = [];
		demo.subscribe((snapshot) => seen.push(snapshot));
		const result = await demo.run('atomic');
		expect(result).toMatchObject({ status: 'done', round: 3, expected: 3_000_000, actual: 3_000_000, lost: 0, roundsWithLoss: 0 });
		const expectedSeen = [...new Set(seen.map((snapshot) => snapshot.modes.atomic.expected))];
		expect(expectedSeen).toEqual([0, 1_000_000, 2_000_000, 3_000_000]);
		expect(demo.snapshot.total).toBe(3_000_000);
		await demo.stop();
		await noWorkersLeft();
	});

	it('refuses totals that would overflow the Int32 counter', () => {
		expect(() => new RaceDemo({ workers: 4, rounds: 1000, burst: 1_000_000 })).toThrow(RangeError);
	});

	it('stop() between rounds ends the workers waiting at the gate', async () => {
		const demo = new RaceDemo({ ...small, rounds: 50, burst: 100_000, roundGapMs: 1000 });
		const running = demo.run('racy');
		await new Promise<void>((resolve) => {
			const off = demo.subscribe((snapshot) => {
				if (snapshot.modes.racy.round >= 1) {
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
