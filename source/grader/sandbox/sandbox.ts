// One sandbox, for one run. It is started ahead of time (its boot overlaps the grader's own work) and
// waits on stdin for the run. Isolated, it is bubblewrap around Node: the solution sees only its run
// folder, and every process it starts lives in a pid namespace that dies with bwrap, which dies with us.
// The grader watches from outside (/proc), reads the sandbox's lines as data, and ends the run itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { distFile } from '../../paths.js';
import { EVENT_FD, HEAP_ENV, MARKER_ENV, PIDS_ENV, RESULT_FD, ROLE_ENV, type StartLine } from '../channel.js';
import { findDeadlock } from '../deadlock.js';
import { bwrapArgs, detectIsolation, type IsolationMode } from '../isolation.js';
import { cores, findTree, hasProc, isSame, procStat, remember, stillExiting, type Known, type Strays } from '../proc.js';
import type { Limits, RunResult, TraceEvent } from '../spec.js';
import { endTree } from '../tree.js';
import { decide, describeEnd, describeThreads, leakDetail, type Exit } from './end.js';
import { Sampler, type Threads } from './sampler.js';
import { RunState } from './state.js';
import { OWNER_FILE, sweepStaleFolders } from './stale-folders.js';
import { epochNow } from '../epoch.js';

const POLL_MS = 40;

export interface RunRequest {
	checkBundle: string;
	/** The compiled learner files; copied into the sandbox's own run folder. */
	filesDir: string;
	seed: number;
	limits: Limits;
	factor: number;
	signal?: AbortSignal;
}

export type SandboxLimits = Pick<Limits, 'heapMb' | 'rssMb' | 'maxWorkers'>;

function prlimitPrefix(limits: SandboxLimits): string[] {
	// Address space, not RSS (Linux ignores RLIMIT_RSS): each worker reserves ~650 MB of virtual memory,
	// so this is only a backstop against absurd allocations; the RSS cap is enforced by polling.
	if (!hasProc || !existsSync('/usr/bin/prlimit')) return [];
	const bytes = (1024 + (limits.maxWorkers + 2) * 700 + limits.rssMb) * 1024 * 1024;
	return ['/usr/bin/prlimit', `--as=${bytes}`, '--'];
}

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]));

/**
 * Ends sandboxes a dead grader left behind: bwrap processes of ours whose parent is no longer Node (they
 * were handed to init or a subreaper). bwrap cannot always follow its parent: killed between arming its
 * parent-death signal and letting its clone go, it leaves the clone waiting forever.
 */
export function sweepAbandonedSandboxes(): number[] {
	if (!hasProc) return [];
	const ended: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			if (!isOurBwrap(Number(name))) continue;
			const ppid = procStat(Number(name))?.ppid;
			if (ppid === undefined || (ppid > 1 && readlinkSync(`/proc/${ppid}/exe`) === realpathSync(process.execPath))) continue;
			// bwrap's own clone (the namespace's init, or mid-setup) is judged with its monitor, the tree's top:
			// read alone, every live sandbox of another grader looked abandoned and died of SIGKILL.
			if (ppid > 1 && isOurBwrap(ppid)) continue;
			killTree(Number(name));
			ended.push(Number(name));
		} catch {
			// gone, or not ours to read or signal
		}
	}
	return ended;
}

/** A bwrap running one of our sandboxes: a run folder and the harness in its arguments. */
function isOurBwrap(pid: number): boolean {
	if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'bwrap') return false;
	const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
	return args.some((arg) => arg.includes(`${path.sep}conc-tutor-run-`)) && args.some((arg) => arg.endsWith(`${path.sep}harness.js`));
}

/** Ends a process and everything below it, children first, so none is left below a dead parent. */
function killTree(rootPid: number): void {
	if (!hasProc) return;
	const known: Known = new Map();
	remember(known, rootPid);
	for (const pid of [...findTree([rootPid], undefined, known)].reverse()) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

let swept = false;

export class Sandbox {
	readonly isolation: IsolationMode;
	private readonly child: ChildProcess;
	private readonly nonce = randomUUID();
	private readonly marker = randomUUID();
	private readonly base: string;
	private readonly graderDir: string;
	private readonly workDir: string;
	private readonly pidsFile: string;
	private used = false;
	private exit: Exit | undefined;
	private endedFromOutside: NodeJS.Signals | undefined;
	private exitListeners: Array<() => void> = [];

	/** Starts a sandbox for these limits now; it runs nothing of the solution until run(). */
	constructor(readonly limits: SandboxLimits) {
		this.isolation = detectIsolation().mode;
		this.base = mkdtempSync(path.join(tmpdir(), 'conc-tutor-run-'));
		this.graderDir = path.join(this.base, 'grader');
		this.workDir = path.join(this.base, 'work');
		this.pidsFile = path.join(this.base, 'pids');
		mkdirSync(this.graderDir);
		mkdirSync(this.workDir);
		writeFileSync(path.join(this.base, OWNER_FILE), String(process.pid));
		const isolated = this.isolation === 'bubblewrap';
		if (!swept) {
			swept = true; // once per process: the first sandbox's start is a moment nothing of ours is mid-setup
			if (isolated) sweepAbandonedSandboxes();
			sweepStaleFolders();
		}
		const preload = distFile('preload');
		const env: NodeJS.ProcessEnv = {
			// Nothing of the grader's or the learner's environment: no paths to the workspace or the package.
			PATH: isolated ? '/usr/local/bin:/usr/bin:/bin' : (process.env.PATH ?? '/usr/bin:/bin'),
			HOME: isolated ? '/tmp' : tmpdir(),
			LANG: process.env.LANG ?? 'C.UTF-8',
			...(process.env.TZ ? { TZ: process.env.TZ } : {}),
			...(process.env.NO_COLOR ? { NO_COLOR: process.env.NO_COLOR } : {}),
			NODE_OPTIONS: `--import=${pathToFileURL(preload).href} --max-old-space-size=${limits.heapMb}`,
			[ROLE_ENV]: '1',
			[MARKER_ENV]: this.marker,
			[HEAP_ENV]: String(limits.heapMb),
			...(isolated ? {} : { [PIDS_ENV]: this.pidsFile }),
		};
		const command = [...prlimitPrefix(limits), process.execPath, distFile('harness')];
		const argv = isolated ? [...bwrapArgs({ distDir: path.dirname(preload), graderDir: this.graderDir, workDir: this.workDir }), ...command] : command;
		if (!isolated) closeSync(openSync(this.pidsFile, 'a'));
		this.child = spawn(argv[0]!, argv.slice(1), {
			cwd: this.workDir,
			env,
			detached: true, // its own process group: the terminal's Ctrl+C is ours to handle, not the sandbox's
			stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
		});
		this.child.stdin!.on('error', () => {}); // a sandbox that died early: its exit is reported instead
		this.child.stdin!.write(`${this.nonce}\n`);
		this.child.on('error', () => this.onExit(null, null));
		this.child.once('exit', (code, signal) => this.onExit(code, signal));
		// An idle sandbox must not keep the grader (or the tutor) alive.
		this.setRef(false);
	}

	private onExit(code: number | null, signal: NodeJS.Signals | null) {
		if (this.exit) return;
		// bwrap itself killed: nothing inside can reach it, so someone outside ended the run.
		if (this.isolation === 'bubblewrap' && signal) this.endedFromOutside = signal;
		// bwrap passes the command's exit on: a signal becomes 128 + its number.
		if (this.isolation === 'bubblewrap' && code !== null && code > 128 && signalNames.has(code - 128)) {
			signal = signalNames.get(code - 128)!;
			code = null;
		}
		this.exit = { code, signal, at: epochNow() }; // epoch ms until a run reads it
		for (const listener of this.exitListeners) listener();
	}

	private setRef(on: boolean) {
		for (const handle of [this.child, ...this.child.stdio]) {
			const h = handle as unknown as { ref?(): void; unref?(): void } | null;
			if (on) h?.ref?.();
			else h?.unref?.();
		}
	}

	/** Ends an unused sandbox. */
	dispose(): void {
		if (this.used) return;
		this.used = true;
		// No solution has run in it: closing its stdin ends it from inside (the harness reads end-of-file and
		// exits, and bwrap follows). Killing bwrap instead races its setup: a monitor killed just as it clones
		// leaves the clone waiting forever for a go-ahead, outside anyone's reach (seen under load).
		this.child.stdin!.end();
		if (this.exit === undefined) {
			const kill = setTimeout(() => {
				if (this.child.pid !== undefined) killTree(this.child.pid);
				this.child.kill('SIGKILL');
			}, 10_000);
			kill.unref();
			this.child.once('exit', () => clearTimeout(kill));
		}
		rmSync(this.base, { recursive: true, force: true });
	}

	async run(request: RunRequest): Promise<RunResult> {
		if (this.used) throw new Error('a sandbox serves one run only');
		this.used = true;
		this.setRef(true);
		try {
			return await this.watch(request);
		} finally {
			rmSync(this.base, { recursive: true, force: true });
		}
	}

	private async watch(request: RunRequest): Promise<RunResult> {
		const { limits, factor } = request;
		const isolated = this.isolation === 'bubblewrap';
		const checkBundle = path.join(this.graderDir, 'check.mjs');
		copyFileSync(request.checkBundle, checkBundle);
		cpSync(request.filesDir, this.workDir, { recursive: true });
		const t0 = epochNow();
		const now = () => epochNow() - t0;
		const start: StartLine = { checkBundle, runDir: this.workDir, seed: request.seed, t0, factor };
		this.child.stdin!.end(`${JSON.stringify(start)}\n`);

		const known: Known = new Map();
		const rootPid = this.child.pid ?? -1;
		remember(known, rootPid);
		const threads: Threads = new Map();
		const sampler = new Sampler({ rootPid, isolated, strays: isolated ? undefined : this.strays(), known, now, threads });
		const state = new RunState(this.nonce, limits, now, threads, () => sampler.scanSoon());
		const pids = isolated ? undefined : pidFileReader(this.pidsFile, known);
		const readPids = () => pids?.read();

		let resultEnded = false;
		let wake = () => {};
		const lines = (fd: number, onLine: (line: string) => void) => {
			createInterface({ input: this.child.stdio[fd] as Readable, crlfDelay: Infinity }).on('line', (line) => {
				onLine(line);
				wake();
			});
		};
		lines(RESULT_FD, (line) => state.onResultLine(line));
		lines(EVENT_FD, (line) => state.onWorkerLine(line));
		// Both channels read to their end: a worker's last lines may still be in the pipe when the run is
		// decided, and the result must include them (a lock released just before the worker exits, say).
		const drained = Promise.all(
			[RESULT_FD, EVENT_FD].map((fd) => new Promise<void>((resolve) => (this.child.stdio[fd] as Readable).once('close', () => resolve()))),
		);
		(this.child.stdio[RESULT_FD] as Readable).once('end', () => {
			resultEnded = true;
			wake();
		});
		for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on('data', (chunk: Buffer) => state.onOutput(chunk));
		const onAbort = () => state.finish({ kind: 'crash', detail: 'the grader stopped this run' });
		request.signal?.addEventListener('abort', onAbort, { once: true });
		if (request.signal?.aborted) onAbort();

		await new Promise<void>((resolve) => {
			const check = () => {
				if (this.endedFromOutside) {
					state.finish({ kind: 'interrupted', detail: `the sandbox was ended from outside (by ${this.endedFromOutside}), not by your code` });
				}
				const exited = this.exit && { ...this.exit, at: this.exit.at - t0 };
				decide({ state, sampler, limits, factor, exited, resultEnded, now: now() });
				if (state.end) {
					clearInterval(timer);
					resolve();
				}
			};
			const timer = setInterval(() => {
				readPids();
				sampler.sample(POLL_MS);
				check();
			}, POLL_MS);
			wake = check;
			this.exitListeners.push(check);
			check();
		});
		request.signal?.removeEventListener('abort', onAbort);
		sampler.scanSoon(); // the last look is a full one: a grandchild started just now is a leak too
		sampler.sample();

		// What was still going on when the run stopped: for the message, the leak check and the deadlock check.
		const deadlock = findDeadlock(state.events, sampler.insideMainPid);
		const strays = [...sampler.tree].filter((pid) => pid !== sampler.mainPid && procStat(pid));
		const still = describeThreads(state, sampler);
		readPids();
		pids?.close();
		await this.end(known, isolated, 300 * factor);
		// A ref'd timer: if it were the only handle left and the output never drained, Node would end the
		// whole grader mid-await (exit code 13, seen once in a loop of verifies under load). Cleared once the
		// output has drained: left running, it kept every CLI verify alive for half a second after its verdict.
		let drainTimer: NodeJS.Timeout | undefined;
		await Promise.race([drained, new Promise((resolve) => (drainTimer = setTimeout(resolve, 500)))]);
		clearTimeout(drainTimer);

		const end = state.end!;
		const loopBlockedMs =
			end.kind === 'timeout' && state.runStarted && state.lastBeat > 0 && now() - state.lastBeat > 1000 ? end.ms - state.lastBeat : undefined;
		sampler.claimLate(); // a worker's `thread` line read only while draining still names what was seen of it
		const lanes = [...sampler.lanes.values()];
		const done = end.kind === 'done';
		const leakWorkers = done ? (state.leakedWorkers?.length ?? still.workers) : 0;
		const leakProcesses = done ? strays : [];
		return {
			seed: request.seed,
			startedAt: t0,
			end,
			reason: describeEnd(end, still, deadlock, loopBlockedMs, selfKill(state.events, sampler.insideMainPid)),
			values: state.values,
			leaks: { workers: leakWorkers, processes: leakProcesses.length, detail: leakDetail(leakWorkers, leakProcesses.map((pid) => sampler.insidePid(pid))) },
			deadlock,
			output: state.keptOutput(),
			isolation: this.isolation,
			trace: {
				events: state.events,
				lanes,
				cpuMs: sampler.cpuMs(),
				wallMs: state.doneAt ?? now(),
				maxLoopDelayMs: state.runStarted ? Math.max(state.maxGap, end.kind === 'timeout' && state.lastBeat > 0 ? end.ms - state.lastBeat : 0) : 0,
				workers: { started: state.workersStarted, maxAlive: state.maxWorkers },
				processes: { started: Math.max(0, known.size - (isolated ? 2 : 1)), maxAlive: sampler.maxProcesses }, // not bwrap's monitor, not the sandbox
				cores: cores(),
				graderLagMs: sampler.lagMs,
				runQueueMs: sampler.runQueueMs(),
			},
		};
	}

	/** Without isolation: the run's processes carry the marker, or work in the run's folder. */
	private strays(): Strays {
		return { env: `${MARKER_ENV}=${this.marker}`, dir: this.workDir };
	}

	/** Ends every process of the run. Isolated: bwrap's namespace goes with it, whatever the processes did. */
	private async end(known: Known, isolated: boolean, graceMs: number): Promise<void> {
		const rootPid = this.child.pid;
		if (rootPid === undefined) return;
		if (!isolated) return endTree(rootPid, this.strays(), known, graceMs);
		// Every process ever seen in the run: one that was re-parented away from bwrap is still ours.
		// A namespace init still exiting counts: its processes die only with its last thread.
		const alive = () => [...new Set([...findTree([rootPid], undefined, known), ...known.keys()])].filter((pid) => isSame(known, pid) || stillExiting(known, pid));
		for (let round = 0; round < 100; round++) {
			const left = alive();
			if (left.length === 0 && this.exit) return;
			for (const pid of left.length > 0 ? left : [rootPid]) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			// The next look in 10 ms, or as soon as bwrap's exit is in (the usual end: one round, not a sleep).
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 10);
				if (!this.exit) {
					this.exitListeners.push(() => {
						clearTimeout(timer);
						resolve();
					});
				}
			});
		}
	}
}

/** A signal the solution sent to the sandbox itself, its process group or its parent, which explains an early end. */
function selfKill(events: TraceEvent[], mainPid: number): Extract<TraceEvent, { type: 'kill' }> | undefined {
	return events.find(
		(e): e is Extract<TraceEvent, { type: 'kill' }> =>
			e.type === 'kill' && e.from === mainPid && [mainPid, -mainPid, 0, process.pid, -process.pid, 1].includes(e.pid),
	);
}

/** Without isolation, every process of the run appends its pid to a file: read what is new. */
function pidFileReader(file: string, known: Known): { read(): void; close(): void } {
	const fd = openSync(file, 'r');
	let offset = 0;
	const buffer = Buffer.alloc(64 * 1024);
	const read = () => {
		let n: number;
		let text = '';
		while ((n = readSync(fd, buffer, 0, buffer.length, offset)) > 0) {
			offset += n;
			text += buffer.toString('utf8', 0, n);
			if (offset > 1024 * 1024) break; // a flood of fake pids: enough
		}
		for (const line of text.split('\n')) if (/^\d+$/.test(line)) remember(known, Number(line));
	};
	return { read, close: () => closeSync(fd) };
}
