// The timeline of a run on the main thread alone (an async exercise): the awaited calls the checker
// marked, with the spans in which they overlapped, and its other marks; and, when the trace holds
// nothing about awaited operations, a sentence saying so rather than a bare lane (issue 18, item 13f).
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEvent } from '../../source/grader/spec.js';
import { renderTimeline } from '../../source/timeline/render.js';

function mainOnly(events: TraceEvent[]): Trace {
	const samples: Array<[number, number]> = [];
	for (let t = 0; t <= 1000; t += 40) samples.push([t, t / 10]);
	return {
		events: [{ t: 0, type: 'run-start' }, ...events, { t: 1000, type: 'run-end' }],
		lanes: [{ name: 'main', pid: 10, tid: 10, threadId: 0, cpuMs: 100, samples, start: 0 }],
		cpuMs: 100,
		wallMs: 1000,
		maxLoopDelayMs: 4,
		workers: { started: 0, maxAlive: 0 },
		processes: { started: 0, maxAlive: 0 },
		cores: 2,
	};
}

describe('the timeline of an async run', () => {
	it('draws each marked call from "called" to "returned" on the time axis, so overlaps show', () => {
		const lines = renderTimeline(
			mainOnly([
				{ t: 100, type: 'mark', label: 'called 1' },
				{ t: 200, type: 'mark', label: 'called 2' },
				{ t: 600, type: 'mark', label: 'returned 1' },
				{ t: 800, type: 'mark', label: 'gave up 2' },
				{ t: 900, type: 'mark', label: 'all ready' },
			]),
			80,
		);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
		const row = (name: string) => lines.find((line) => line.startsWith(name)) ?? '';
		const one = row('call 1');
		const two = row('call 2');
		expect(one).toContain('━');
		expect(two).toContain('━');
		// Both in progress at 400 ms: the column for 400 ms is drawn in both rows.
		const column = 14 + Math.floor(400 / (1000 / 66));
		expect(one[column]).toBe('━');
		expect(two[column]).toBe('━');
		expect(one).toContain('┤');
		expect(two).toContain('╳');
		expect(lines.join('\n')).toContain('900 ms  all ready');
		expect(lines.join('\n')).not.toContain('not recorded one by one');
	});

	it('says honestly that awaited operations are not recorded when the trace has nothing about them', () => {
		const text = renderTimeline(mainOnly([]), 80).join('\n');
		expect(text).toMatch(/^main +[█▓░]+/m);
		expect(text).toContain('not recorded one by one');
	});
});
