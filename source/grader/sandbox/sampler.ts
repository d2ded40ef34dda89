// The /proc sampler: every poll it reads, from outside the sandbox, which processes the run has, each
// thread's CPU, state and run-queue wait, and the tree's memory. Inside a pid namespace the solution sees
// other pids than we do: every thread is matched to its inside ids through /proc/<pid>/task/<tid>/status.
import { readFileSync } from 'node:fs';
import { findTree, hasProc, procStat, threadStats, type Known, type Strays } from '../proc.js';
import type { Lane } from '../spec.js';

export interface ThreadName {
	threadId: number;
	/** Inside pid of the process the thread belongs to. */
	pid: number;
}

/** Worker threads by inside tid, as they registered on fd 4. */
export type Threads = Map<number, ThreadName>;

interface NsIds {
	pid: number;
	tid: number;
}

function read(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** The innermost pid and tid of a host thread (the last numbers on its NStgid and NSpid lines). */
function nsIds(pid: number, tid: number): NsIds | undefined {
	const status = read(`/proc/${pid}/task/${tid}/status`);
	if (!status) return undefined;
	const last = (name: string) => Number(new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim().split(/\s+/).at(-1) ?? NaN);
	const ids = { pid: last('NStgid'), tid: last('NSpid') };
	return Number.isFinite(ids.pid) && Number.isFinite(ids.tid) ? ids : { pid, tid };
}

/** ms a thread has run on a core and waited on a run queue, from /proc/<pid>/task/<tid>/schedstat (ns, exact). */
function schedstat(pid: number, tid: number): { ranMs: number; waitedMs: number } | undefined {
	const [ran, waited] = (read(`/proc/${pid}/task/${tid}/schedstat`) ?? '').split(' ').map(Number);
	return Number.isFinite(ran) && Number.isFinite(waited) ? { ranMs: ran! / 1e6, waitedMs: waited! / 1e6 } : undefined;
}

/**
 * /proc/<pid>/stat counts a process's CPU in 10 ms ticks, user and system time each rounded down; a lane's
 * own reading is rounded the same way. What a tail bound adds for both.
 */
const TICK_SLACK_MS = 40;

export interface SamplerOptions {
	/** The process the grader started: bwrap's monitor, or the sandbox's node when not isolated. */
	rootPid: number;
	isolated: boolean;
	/** Without isolation: how strays are found. */
	strays?: Strays;
	known: Known;
	now(): number;
	threads: Threads;
}

/** A thread seen before it was known to be a worker. */
interface Seen {
	start: number;
	samples: Lane['samples'];
	waitMs?: number;
	/** The first look that no longer found it. */
	gone?: number;
}

/** Samples kept of a thread that is not (yet) a lane: Node's helper threads never become one. */
const MAX_SEEN_SAMPLES = 2000;

export class Sampler {
	readonly lanes = new Map<string, Lane>();
	/** Host pids of the run's processes, bwrap's own excluded. */
	tree = new Set<number>();
	/** Host pid of the sandbox's main process, once seen. */
	mainPid: number | undefined;
	rssKb = 0;
	/** Processes alive now besides the sandbox's main one. */
	processes = 0;
	maxProcesses = 0;
	/** Non-lane threads (Node's own helpers): their CPU still counts for the whole run. */
	private readonly unclaimed = new Map<string, number>();
	/**
	 * What was seen of each non-lane thread, for the worker it may turn out to be: a worker's `thread` line
	 * can be read after the sampler first saw the thread, even after the thread ended (a busy grader reads
	 * fd 4 late), and the lane it then becomes keeps what was seen before.
	 */
	private readonly seen = new Map<string, Seen>();
	private readonly waits = new Map<string, number>();
	/** CPU each thread had run at the last look (schedstat), and each process's CPU when that look began. */
	private readonly ran = new Map<string, number>();
	private readonly processCpu = new Map<number, number>();
	private readonly ids = new Map<string, NsIds>();
	/** bwrap's monitor, outside the namespace: ours, not the run's. */
	private readonly monitorPid: number | undefined;
	private scans = 0;
	private rescan = true;
	/** The last sample scanned all of /proc (about every fifth). */
	scanned = false;
	private lastTick: number | undefined;
	/** Worst lateness of our own polling timer, ms. */
	lagMs = 0;

	/** The sandbox's main pid as the solution sees it (1: bwrap runs it as the namespace's init). */
	readonly insideMainPid: number;

	constructor(private readonly options: SamplerOptions) {
		if (options.isolated) this.monitorPid = options.rootPid;
		else this.mainPid = options.rootPid;
		this.insideMainPid = options.isolated ? 1 : options.rootPid;
	}

	/** A process of the run was reported: find it at the next sample rather than at the next full scan. */
	scanSoon(): void {
		this.rescan = true;
	}

	/** One poll; `expectedMs` is the polling interval, so our own lateness can be measured. */
	sample(expectedMs = 0): void {
		if (!hasProc) return;
		const t = this.options.now();
		if (this.lastTick !== undefined && expectedMs > 0) this.lagMs = Math.max(this.lagMs, t - this.lastTick - expectedMs);
		this.lastTick = t;
		this.claimLate();
		this.findProcesses();
		let rssKb = 0;
		let processes = 0;
		for (const pid of this.tree) {
			const stat = procStat(pid);
			if (!stat) continue;
			rssKb += stat.rssKb;
			if (pid !== this.mainPid) processes++;
			// What the live threads ran since the last look; the rest of what the process ran since then was run
			// by threads that ended in between.
			let liveRanMs = 0;
			let everyThreadRead = true;
			const alive = new Set<string>();
			for (const thread of threadStats(pid)) {
				const key = `${pid}/${thread.tid}`;
				alive.add(key);
				const sched = schedstat(pid, thread.tid);
				if (sched) {
					this.waits.set(key, sched.waitedMs);
					liveRanMs += sched.ranMs - (this.ran.get(key) ?? 0);
					this.ran.set(key, sched.ranMs);
				} else everyThreadRead = false;
				const lane = this.laneFor(pid, thread.tid, key);
				if (lane) {
					lane.cpuMs = Math.max(lane.cpuMs, thread.cpuMs);
					lane.samples.push([t, lane.cpuMs, thread.state === 'R' ? 1 : 0]);
					lane.end = undefined;
					if (sched) lane.waitMs = sched.waitedMs;
				} else {
					this.unclaimed.set(key, thread.cpuMs);
					this.remember(key, t, thread.cpuMs, thread.state === 'R', sched?.waitedMs);
				}
			}
			for (const [key, seen] of this.seen) if (key.startsWith(`${pid}/`) && !alive.has(key)) seen.gone ??= t;
			const before = this.processCpu.get(pid);
			const after = procStat(pid)?.cpuMs;
			if (after !== undefined && before !== undefined && everyThreadRead) this.boundTails(pid, alive, after - before - liveRanMs);
			// A thread not read now leaves its last reading stale, and a stale reading would shrink the next bound.
			if (everyThreadRead) this.processCpu.set(pid, stat.cpuMs);
			else this.processCpu.delete(pid);
			for (const key of this.ran.keys()) if (key.startsWith(`${pid}/`) && !alive.has(key)) this.ran.delete(key);
		}
		for (const lane of this.lanes.values()) if (lane.end === undefined && lane.samples.at(-1)![0] < t) lane.end = t;
		this.rssKb = rssKb;
		this.processes = processes;
		this.maxProcesses = Math.max(this.maxProcesses, processes);
	}

	/**
	 * Lanes of `pid` seen at the last look and gone now: what each ran after that look is at most what the
	 * process ran in between beyond its live threads (the process's CPU was read before that look and after
	 * this one, so the bound holds however long the looks took). Shared when several ended together.
	 */
	private boundTails(pid: number, alive: Set<string>, unaccountedMs: number): void {
		for (const [key, lane] of this.lanes) {
			if (key.startsWith(`${pid}/`) && !alive.has(key) && lane.end === undefined && lane.tailMs === undefined) {
				lane.tailMs = Math.max(0, unaccountedMs) + TICK_SLACK_MS;
			}
		}
	}

	private findProcesses(): void {
		const { rootPid, isolated, strays, known } = this.options;
		this.scans++;
		// A full /proc scan every fifth poll, or at once when a process was reported or the main one is unknown.
		this.scanned = this.rescan || this.mainPid === undefined || this.scans % 5 === 0;
		if (this.scanned) {
			this.rescan = false;
			const found = findTree([rootPid], isolated ? undefined : strays, known);
			const tree = new Set<number>();
			for (const pid of found) {
				if (pid === this.monitorPid) continue;
				const ids = isolated ? this.idsOf(pid, pid) : { pid, tid: pid };
				if (isolated && ids?.pid === 1) this.mainPid ??= pid;
				tree.add(pid);
			}
			this.tree = tree;
		} else {
			for (const pid of known.keys()) if (pid !== this.monitorPid) this.tree.add(pid);
		}
	}

	private idsOf(pid: number, tid: number): NsIds | undefined {
		const key = `${pid}/${tid}`;
		let ids = this.ids.get(key);
		if (!ids) {
			ids = nsIds(pid, tid);
			if (ids) this.ids.set(key, ids);
		}
		return ids;
	}

	private remember(key: string, t: number, cpuMs: number, runnable: boolean, waitMs: number | undefined): void {
		let seen = this.seen.get(key);
		if (!seen) this.seen.set(key, (seen = { start: t, samples: [] }));
		if (seen.samples.length < MAX_SEEN_SAMPLES) seen.samples.push([t, cpuMs, runnable ? 1 : 0]);
		if (waitMs !== undefined) seen.waitMs = waitMs;
	}

	/**
	 * Threads seen before their `thread` line was read become lanes now, with what was seen of them; one
	 * that has ended since ends where the sampler stopped finding it. Before every look, and once more when
	 * the run's channels have drained.
	 */
	claimLate(): void {
		for (const [key, seen] of this.seen) {
			const [pid, tid] = key.split('/').map(Number) as [number, number];
			const lane = this.laneFor(pid, tid, key);
			if (lane && seen.gone !== undefined) lane.end = seen.gone;
		}
	}

	/** Main threads of processes and registered workers are lanes; Node's helper threads (libuv, GC) are not. */
	private laneFor(pid: number, tid: number, key: string): Lane | undefined {
		const existing = this.lanes.get(key);
		if (existing) return existing;
		// Inside ids are read while the thread is alive and kept, so a thread that has ended can still be named.
		const ids = this.options.isolated ? this.idsOf(pid, tid) : { pid, tid };
		if (!ids) return undefined;
		const isMain = pid === this.mainPid;
		let name: string;
		let threadId: number | undefined;
		const registered = this.options.threads.get(ids.tid);
		if (tid === pid) name = isMain ? 'main' : `child ${ids.pid}`;
		else if (registered && registered.pid === ids.pid) {
			threadId = registered.threadId;
			name = isMain ? `worker ${threadId}` : `child ${ids.pid} worker ${threadId}`;
		} else return undefined;
		const seen = this.seen.get(key);
		const lane: Lane = {
			name,
			pid: ids.pid,
			tid: ids.tid,
			threadId,
			cpuMs: seen?.samples.at(-1)?.[1] ?? 0,
			samples: seen?.samples ?? [],
			start: seen?.start ?? this.options.now(),
			waitMs: seen?.waitMs,
		};
		this.lanes.set(key, lane);
		this.unclaimed.delete(key);
		this.seen.delete(key);
		return lane;
	}

	/** CPU of every thread seen, lanes and helpers, ms. */
	cpuMs(): number {
		let sum = 0;
		for (const lane of this.lanes.values()) sum += lane.cpuMs;
		for (const cpu of this.unclaimed.values()) sum += cpu;
		return sum;
	}

	/** Run-queue wait of every thread seen, ms. */
	runQueueMs(): number {
		let sum = 0;
		for (const waited of this.waits.values()) sum += waited;
		return sum;
	}

	/** A host pid as the solution sees it. */
	insidePid(pid: number): number {
		return this.options.isolated ? (this.idsOf(pid, pid)?.pid ?? pid) : pid;
	}

	/** Host pid and tid of a registered worker (inside ids), to read its state. */
	hostThread(insideTid: number): { pid: number; tid: number } | undefined {
		for (const [key, ids] of this.ids) {
			if (ids.tid === insideTid) {
				const [pid, tid] = key.split('/').map(Number) as [number, number];
				return { pid, tid };
			}
		}
		return this.options.isolated ? undefined : { pid: this.options.threads.get(insideTid)?.pid ?? 0, tid: insideTid };
	}
}
