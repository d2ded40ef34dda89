// Reading processes and threads from /proc, from outside the sandbox: the facts a solution cannot forge.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The grader sees processes and threads through Linux's /proc. CONC_TUTOR_NO_PROC=1 grades as a system
 * without it would (for pack authors, and the tests, to see what such a system reports).
 */
export const hasProc = process.platform === 'linux' && existsSync('/proc/self/task') && process.env.CONC_TUTOR_NO_PROC !== '1';

/** Why a check that watches threads was skipped. */
export const NO_PROC = "not checked: this system has no /proc, so the grader cannot watch your threads run (Linux has it; on Windows, use WSL)";

/** Said once, before grading, on a system without /proc. */
export function procNotice(): string | undefined {
	return hasProc ? undefined : "note: this system has no /proc (Linux has it; on Windows, use WSL): the grader cannot watch threads run, so the checks that need to are skipped, and a pass here is not a full one.";
}
const ticksPerMs = 100 / 1000; // USER_HZ is 100 on every Linux Node runs on

export interface ProcStat {
	pid: number;
	ppid: number;
	state: string;
	cpuMs: number;
	rssKb: number;
	/** Start time in clock ticks since boot: with the pid, identifies a process even if the pid is reused. */
	start: number;
}

/** Processes the run is known to have started: pid → start time (so a reused pid is never signalled). */
export type Known = Map<number, number>;

function parseStat(text: string): { pid: number; ppid: number; state: string; cpuMs: number; rssPages: number; start: number } {
	// The command name may hold spaces and parentheses: fields start after the last ')'.
	const close = text.lastIndexOf(')');
	const fields = text.slice(close + 2).split(' ');
	return {
		pid: Number(text.slice(0, text.indexOf(' '))),
		state: fields[0]!,
		ppid: Number(fields[1]),
		cpuMs: (Number(fields[11]) + Number(fields[12])) / ticksPerMs,
		rssPages: Number(fields[21]),
		start: Number(fields[19]),
	};
}

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined; // the process or thread ended between listing and reading
	}
}

export function procStat(pid: number): ProcStat | undefined {
	const text = read(`/proc/${pid}/stat`);
	if (!text) return undefined;
	const stat = parseStat(text);
	if (stat.state === 'Z') return undefined; // exited, not yet reaped: uses nothing
	return { pid: stat.pid, ppid: stat.ppid, state: stat.state, cpuMs: stat.cpuMs, rssKb: stat.rssPages * 4, start: stat.start };
}

export interface ThreadStat {
	tid: number;
	cpuMs: number;
	state: string;
}

export function threadStats(pid: number): ThreadStat[] {
	let tids: string[];
	try {
		tids = readdirSync(`/proc/${pid}/task`);
	} catch {
		return [];
	}
	const stats: ThreadStat[] = [];
	for (const tid of tids) {
		const text = read(`/proc/${pid}/task/${tid}/stat`);
		if (!text) continue;
		const stat = parseStat(text);
		stats.push({ tid: Number(tid), cpuMs: stat.cpuMs, state: stat.state });
	}
	return stats;
}

export function allPids(): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number);
}

/** Does the process carry our run's marker in its environment (inherited by everything the solution starts)? */
export function hasMarker(pid: number, marker: string): boolean {
	const environ = read(`/proc/${pid}/environ`);
	return environ?.includes(marker) === true;
}

/** How a run's processes are told apart without isolation, once they left its process tree. */
export interface Strays {
	/** `NAME=value` in the environment the run's processes inherit. */
	env: string;
	/** The run's folder: a process started inside it keeps it as its working directory. */
	dir: string;
}

function worksIn(pid: number, dir: string): boolean {
	try {
		const cwd = readlinkSync(`/proc/${pid}/cwd`);
		return cwd === dir || cwd.startsWith(`${dir}/`);
	} catch {
		return false; // gone, or not ours to read
	}
}

/**
 * Every live descendant of the roots, plus any stray of the run: a detached grandchild whose parent
 * already exited is re-parented away from the tree, but keeps the marker in its environment — or, started
 * with an empty environment, the run's folder as its working directory.
 */
export function findTree(roots: Iterable<number>, strays: Strays | undefined, known: Known): Set<number> {
	const since = Math.min(...known.values());
	const parents = new Map<number, number>();
	const tree = new Set<number>();
	for (const pid of allPids()) {
		const stat = procStat(pid);
		if (!stat) continue;
		parents.set(pid, stat.ppid);
		// Only processes started since the run began can be its strays: skip reading everyone's environment.
		if (known.get(pid) === stat.start || (strays && stat.start >= since && (hasMarker(pid, strays.env) || worksIn(pid, strays.dir)))) {
			tree.add(pid);
			known.set(pid, stat.start);
		}
	}
	for (const root of roots) if (parents.has(root) && known.has(root)) tree.add(root);
	let grew = true;
	while (grew) {
		grew = false;
		for (const [pid, ppid] of parents) {
			if (!tree.has(pid) && tree.has(ppid)) {
				tree.add(pid);
				const stat = procStat(pid);
				if (stat) known.set(pid, stat.start);
				grew = true;
			}
		}
	}
	return tree;
}

/** Records a pid the run reported, with its start time, if it is alive now. */
export function remember(known: Known, pid: number): void {
	if (known.has(pid)) return;
	const stat = procStat(pid);
	if (stat) known.set(pid, stat.start);
}

/** Is this still the same process we recorded (not a reused pid)? */
export function isSame(known: Known, pid: number): boolean {
	const stat = procStat(pid);
	return stat !== undefined && known.get(pid) === stat.start;
}

/**
 * A recorded process still on its way out: its leader thread has exited (a zombie, which procStat counts
 * as gone) while its other threads are still ending. A pid namespace's init ends the namespace's other
 * processes only when its last thread exits, so until then they may still be running.
 */
export function stillExiting(known: Known, pid: number): boolean {
	const text = read(`/proc/${pid}/stat`);
	if (!text || parseStat(text).start !== known.get(pid)) return false;
	try {
		return readdirSync(`/proc/${pid}/task`).length > 1;
	} catch {
		return false;
	}
}

export function cores(): number {
	return availableParallelism();
}
