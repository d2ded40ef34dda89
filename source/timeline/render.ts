// The timeline of one run, drawn as text: one lane per thread and process, a row per lock, scaled to the
// terminal width. A pure function from a trace to lines, shared by the TUI and `verify --timeline`.
// Every state has its own glyph, so nothing is told by colour alone.
import { cpuAt } from '../grader/lanes.js';
import { wrapWords } from '../wrap-words.js';
import { MAIN_ONLY_NOTE, markRows } from './marks.js';
import type { Lane, Trace, TraceEvent } from '../grader/spec.js';

export const GLYPHS = {
	busy: '█', // on a core most of the slice
	some: '▓', // on a core part of the slice
	idle: '░', // alive, not on a core (waiting for a message, a timer, I/O)
	lock: '▒', // waiting for a lab Mutex
	message: '•', // a message arrived in this slice
	exit: '┤', // ended
	kill: '✕', // terminated from outside
} as const;

export const LEGEND = `${GLYPHS.busy} busy  ${GLYPHS.some} partly busy  ${GLYPHS.idle} idle  ${GLYPHS.lock} waiting for a lock  ${GLYPHS.message} message in  ${GLYPHS.exit} exit  ${GLYPHS.kill} terminated`;

interface Row {
	name: string;
	start: number;
	end: number;
	/** Cumulative CPU samples; absent for threads the grader could not see from outside. */
	samples?: Lane['samples'];
	threadId?: number;
	pid?: number;
}

const LABEL = 14;


function rows(trace: Trace): Row[] {
	const out: Row[] = [];
	const end = trace.wallMs;
	const main = trace.lanes.find((lane) => lane.name === 'main');
	out.push({ name: 'main', start: 0, end, samples: main?.samples, threadId: 0, pid: main?.pid });
	const created = new Map<number, number>();
	const exited = new Map<number, number>();
	for (const e of trace.events) {
		if (e.type === 'worker-created') created.set(e.threadId, e.t);
		if (e.type === 'worker-exit') exited.set(e.threadId, e.t);
	}
	for (const [threadId, start] of created) {
		const lane = trace.lanes.find((l) => l.threadId === threadId && l.pid === main?.pid);
		out.push({ name: `worker ${threadId}`, start, end: exited.get(threadId) ?? end, samples: lane?.samples, threadId, pid: lane?.pid });
	}
	for (const lane of trace.lanes) {
		if (lane.name === 'main' || lane.name.startsWith('worker ')) continue;
		out.push({ name: lane.name, start: lane.samples[0]?.[0] ?? lane.start, end: lane.end ?? end, samples: lane.samples, pid: lane.pid });
	}
	for (const e of trace.events) {
		if (e.type === 'child-spawn' && !out.some((r) => r.name === `child ${e.pid}`)) {
			const exit = trace.events.find((x) => x.type === 'child-exit' && x.pid === e.pid);
			out.push({ name: `child ${e.pid}`, start: e.t, end: exit?.t ?? end, pid: e.pid });
		}
	}
	return out;
}

function lockRows(events: TraceEvent[], slice: (t: number) => number, width: number): string[] {
	const locks = new Map<string, string[]>();
	const holder = new Map<string, { who: string; from: number }>();
	const mark = (lock: string, who: string, from: number, to: number) => {
		const cells = locks.get(lock)!;
		const glyph = who === 'main thread' ? 'm' : who.replace(/^worker /, '').slice(-1);
		for (let c = slice(from); c <= Math.min(width - 1, slice(to)); c++) cells[c] = glyph;
	};
	for (const e of events) {
		if (e.type !== 'lock-acquired' && e.type !== 'lock-released') continue;
		if (!locks.has(e.lock)) locks.set(e.lock, Array<string>(width).fill('·'));
		const who = e.threadId === 0 ? 'main thread' : `worker ${e.threadId}`;
		if (e.type === 'lock-acquired') holder.set(e.lock, { who, from: e.t });
		else {
			const held = holder.get(e.lock);
			if (held) mark(e.lock, held.who, held.from, e.t);
			holder.delete(e.lock);
		}
	}
	for (const [lock, held] of holder) mark(lock, held.who, held.from, Number.MAX_SAFE_INTEGER);
	if (locks.size === 0) return [];
	// Lock names are often long ("account 12"): keep their end, which tells them apart.
	const label = (name: string) => (name.length <= LABEL - 1 ? name : `…${name.slice(-(LABEL - 2))}`).padEnd(LABEL);
	return [
		'Locks (the digit is the worker holding it, m the main thread):',
		...[...locks].map(([lock, cells]) => `${label(lock)}${cells.join('')}`),
	];
}

function fmt(ms: number): string {
	return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** The timeline as lines no wider than `width` (at least 40). */
export function renderTimeline(trace: Trace, width: number): string[] {
	const cols = Math.max(20, width - LABEL);
	const wall = Math.max(1, trace.wallMs);
	const per = wall / cols;
	const slice = (t: number) => Math.max(0, Math.min(cols - 1, Math.floor(t / per)));
	const lines: string[] = [];
	const ratio = (trace.cpuMs / wall).toFixed(2);
	lines.push(`${'Timeline'.padEnd(LABEL)}0 → ${fmt(wall)}, one column ≈ ${fmt(per)}`.slice(0, width));
	const rowList = rows(trace);
	const waiting = new Map<string, Array<[number, number]>>();
	const pending = new Map<string, number>();
	for (const e of trace.events) {
		if (e.type !== 'lock-wait' && e.type !== 'lock-acquired' && e.type !== 'lock-gave-up') continue;
		const key = `${e.threadId}`;
		if (e.type === 'lock-wait') pending.set(key, e.t);
		else if (pending.has(key)) {
			waiting.set(key, [...(waiting.get(key) ?? []), [pending.get(key)!, e.t]]);
			pending.delete(key);
		}
	}
	for (const [key, from] of pending) waiting.set(key, [...(waiting.get(key) ?? []), [from, wall]]);

	for (const row of rowList.slice(0, 24)) {
		const cells = Array<string>(cols).fill(' ');
		for (let c = slice(row.start); c <= slice(row.end); c++) {
			const from = c * per;
			const to = from + per;
			if (row.samples && row.samples.length > 0) {
				const used = cpuAt(row.samples, to) - cpuAt(row.samples, from);
				cells[c] = used >= per * 0.6 ? GLYPHS.busy : used >= per * 0.15 ? GLYPHS.some : GLYPHS.idle;
			} else cells[c] = GLYPHS.idle;
		}
		for (const [from, to] of waiting.get(`${row.threadId}`) ?? []) {
			for (let c = slice(from); c <= slice(to); c++) if (cells[c] !== GLYPHS.busy) cells[c] = GLYPHS.lock;
		}
		let terminated = false;
		for (const e of trace.events) {
			if (e.type === 'message' && e.to === row.threadId && row.threadId !== undefined) cells[slice(e.t)] = GLYPHS.message;
			if (e.type === 'worker-terminate' && e.threadId === row.threadId && row.name !== 'main') {
				cells[slice(e.t)] = GLYPHS.kill;
				terminated = true;
			}
		}
		// Its end: ✕ when it was terminated from outside, ┤ when it finished by itself.
		if (row.end < wall - per && row.name !== 'main') cells[slice(row.end)] = terminated ? GLYPHS.kill : GLYPHS.exit;
		lines.push(`${row.name.slice(0, LABEL - 1).padEnd(LABEL)}${cells.join('')}`);
	}
	if (rowList.length > 24) lines.push(`… and ${rowList.length - 24} more lanes`);
	lines.push(...lockRows(trace.events, slice, cols));
	const marks = markRows(trace.events, slice, cols, wall, LABEL);
	lines.push(...marks.flatMap((line) => (line.length <= width ? [line] : wrapWords(line, width))));
	// A main lane alone would look like a lost trace: say what it leaves out.
	if (rowList.length === 1 && marks.length === 0) lines.push(...wrapWords(MAIN_ONLY_NOTE, width));
	lines.push(
		...wrapWords(`CPU ÷ wall ${ratio}  (${fmt(trace.cpuMs)} of CPU in ${fmt(wall)}, ${trace.cores} cores)  longest event-loop stall ${fmt(trace.maxLoopDelayMs)}`, width, '  '),
	);
	lines.push(...wrapWords(LEGEND, width, '  '));
	return lines;
}
