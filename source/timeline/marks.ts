// What the checker noted on the main thread (ctx.mark), drawn on the timeline's time axis. The trace
// has no record of each awaited operation: an async run shows only the main lane. Checkers mark the
// calls they await as "called X" … "returned X" (or "gave up X"); those pairs are drawn as spans, so
// calls that were in progress at the same time overlap on screen. Other marks are listed with their
// time. Nothing is drawn that the trace does not hold.
import type { TraceEvent } from '../grader/spec.js';

export const MARK_GLYPHS = { call: '━', returned: '┤', gaveUp: '╳', mark: '|' } as const;

/** At most this many rows of calls, and this many listed marks. */
const MAX_CALLS = 12;
const MAX_MARKS = 12;

interface Call {
	name: string;
	from: number;
	to?: number;
	gaveUp?: boolean;
}

const CALLED = /^called(.*)$/;
const ENDED = /^(returned|gave up)(.*)$/;

/** The marked calls, each from its "called" mark to the "returned"/"gave up" mark with the same rest. */
function calls(marks: Array<{ t: number; label: string }>): { calls: Call[]; others: Array<{ t: number; label: string }> } {
	const found: Call[] = [];
	const others: Array<{ t: number; label: string }> = [];
	for (const mark of marks) {
		const called = CALLED.exec(mark.label);
		const ended = ENDED.exec(mark.label);
		if (called) found.push({ name: `call${called[1]}`, from: mark.t });
		else if (ended) {
			const open = found.find((call) => call.to === undefined && call.name === `call${ended[2]}`);
			if (open) {
				open.to = mark.t;
				open.gaveUp = ended[1] === 'gave up';
			} else others.push(mark);
		} else others.push(mark);
	}
	return { calls: found, others };
}

function fmt(ms: number): string {
	return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/**
 * Rows for the marks in `events`, `label` columns of names then `cols` cells (cell = slice(t)), and a
 * list of the other marks; empty when there are none.
 */
export function markRows(events: readonly TraceEvent[], slice: (t: number) => number, cols: number, wallMs: number, label: number): string[] {
	const marks = events.flatMap((event) => (event.type === 'mark' ? [{ t: event.t, label: event.label }] : []));
	if (marks.length === 0) return [];
	const name = (text: string) => (text.length <= label - 1 ? text : `${text.slice(0, label - 2)}…`).padEnd(label);
	const lines: string[] = [];
	const found = calls(marks);
	if (found.calls.length > 0) {
		lines.push(`Awaited calls the checker marked (${MARK_GLYPHS.call} in progress, ${MARK_GLYPHS.returned} returned, ${MARK_GLYPHS.gaveUp} gave up):`);
		for (const call of found.calls.slice(0, MAX_CALLS)) {
			const cells = Array<string>(cols).fill('·');
			const end = call.to ?? wallMs;
			for (let c = slice(call.from); c <= slice(end); c++) cells[c] = MARK_GLYPHS.call;
			if (call.to !== undefined) cells[slice(call.to)] = call.gaveUp ? MARK_GLYPHS.gaveUp : MARK_GLYPHS.returned;
			lines.push(`${name(call.name)}${cells.join('')}`);
		}
		if (found.calls.length > MAX_CALLS) lines.push(`… and ${found.calls.length - MAX_CALLS} more calls`);
	}
	if (found.others.length > 0) {
		const cells = Array<string>(cols).fill(' ');
		for (const mark of found.others) cells[slice(mark.t)] = MARK_GLYPHS.mark;
		lines.push(`${name('marks')}${cells.join('')}`);
		for (const mark of found.others.slice(0, MAX_MARKS)) lines.push(`  ${fmt(mark.t).padStart(7)}  ${mark.label}`);
		if (found.others.length > MAX_MARKS) lines.push(`  … and ${found.others.length - MAX_MARKS} more marks`);
	}
	return lines;
}

/** Said under a main lane alone with no marks: why awaited operations do not appear. */
export const MAIN_ONLY_NOTE =
	'Only the main thread ran. Awaited operations (timers, sockets, promises) wait on its event loop without a thread of their own, and are not recorded one by one: the main lane shows when the thread was busy and when it waited.';
