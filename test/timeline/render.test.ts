import { describe, expect, it } from 'vitest';
import type { Trace } from '../../source/grader/spec.js';
import { GLYPHS, renderTimeline } from '../../source/timeline/render.js';

/** Two workers: busy 100–600 ms; worker 2 waits for lock A (held by worker 1) from 300 to 400 ms. */
function trace(): Trace {
	const busy = (from: number, to: number): Array<[number, number]> => {
		const samples: Array<[number, number]> = [];
		for (let t = 0; t <= 1000; t += 40) samples.push([t, Math.max(0, Math.min(t, to) - from)]);
		return samples;
	};
	return {
		events: [
			{ t: 0, type: 'run-start' },
			{ t: 90, type: 'worker-created', threadId: 1 },
			{ t: 95, type: 'worker-created', threadId: 2 },
			{ t: 200, type: 'lock-acquired', threadId: 1, pid: 10, lock: 'A' },
			{ t: 300, type: 'lock-wait', threadId: 2, pid: 10, lock: 'A' },
			{ t: 400, type: 'lock-released', threadId: 1, pid: 10, lock: 'A' },
			{ t: 400, type: 'lock-acquired', threadId: 2, pid: 10, lock: 'A' },
			{ t: 450, type: 'lock-released', threadId: 2, pid: 10, lock: 'A' },
			{ t: 610, type: 'message', from: 1, to: 0 },
			{ t: 620, type: 'worker-exit', threadId: 1, code: 0 },
			{ t: 700, type: 'worker-terminate', threadId: 2 },
			{ t: 705, type: 'worker-exit', threadId: 2, code: 1 },
			{ t: 1000, type: 'run-end' },
		],
		lanes: [
			{ name: 'main', pid: 10, tid: 10, threadId: 0, cpuMs: 30, samples: busy(0, 30), start: 0 },
			{ name: 'worker 1', pid: 10, tid: 11, threadId: 1, cpuMs: 500, samples: busy(100, 600), start: 90 },
			{ name: 'worker 2', pid: 10, tid: 12, threadId: 2, cpuMs: 200, samples: busy(100, 300), start: 95 },
		],
		cpuMs: 730,
		wallMs: 1000,
		maxLoopDelayMs: 12,
		workers: { started: 2, maxAlive: 2 },
		processes: { started: 0, maxAlive: 0 },
		cores: 2,
	};
}

describe('renderTimeline', () => {
	for (const width of [80, 120]) {
		it(`fits ${width} columns and draws every lane, lock and state`, () => {
			const lines = renderTimeline(trace(), width);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
			const lane = (name: string) => lines.find((line) => line.startsWith(name))!;
			expect(lane('main')).toBeDefined();
			expect(lane('worker 1')).toContain(GLYPHS.busy);
			expect(lane('worker 1')).toContain(GLYPHS.exit);
			expect(lane('worker 2')).toContain(GLYPHS.lock);
			expect(lane('worker 2')).toContain(GLYPHS.kill);
			expect(lane('main')).toContain(GLYPHS.message);
			// The lock row says who held it when: worker 1, then worker 2.
			expect(lines).toContain('Locks (the digit is the worker holding it, m the main thread):');
			const lock = lane('A ');
			expect(lock.indexOf('1')).toBeGreaterThan(-1);
			expect(lock.indexOf('2')).toBeGreaterThan(lock.lastIndexOf('1'));
			expect(lines.join('\n')).toMatch(/CPU ÷ wall 0\.73/);
			expect(lines.join('\n')).toMatch(/longest event-loop stall 12 ms/);
			expect(lines.join('\n')).toMatch(/busy.*idle.*waiting for a lock/s);
		});
	}

	it('scales: a wider terminal gives the same run more columns', () => {
		const narrow = renderTimeline(trace(), 80).find((line) => line.startsWith('worker 1'))!;
		const wide = renderTimeline(trace(), 120).find((line) => line.startsWith('worker 1'))!;
		expect(wide.trimEnd().length).toBeGreaterThan(narrow.trimEnd().length);
	});
});
