// The supervisor: a process between the grader and the sandbox. It starts the sandbox under limits,
// watches it from outside (/proc), collects what the sandbox reports, ends every process the run started,
// and sends one RunResult to the grader. The solution cannot reach the grader through it: the sandbox's
// lines are data, checked for the nonce, and the verdict is computed in the grader.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import {
	EVENT_FD,
	HEAP_ENV,
	MARKER_ENV,
	PIDS_ENV,
	RESULT_FD,
	ROLE_ENV,
	type SandboxMessage,
	type WorkerMessage,
} from './channel.js';
import { findDeadlock } from './deadlock.js';
import { cores, findTree, hasProc, procStat, remember, threadStats, type Known } from './proc.js';
import { endTree } from './tree.js';
import type { Lane, Limits, RunEnd, RunResult, TraceEvent } from './spec.js';

export interface SupervisorStart {
	type: 'start';
	harness: string;
	preload: string;
	checkBundle: string;
	runDir: string;
	seed: number;
	limits: Limits;
	/** The grader's time factor, already applied to limits.timeoutMs; scales the grace periods too. */
	factor: number;
}

/** Ends the current run early (the grader went away or asked to cancel). */
let abortRun = () => {};

export type SupervisorMessage = { type: 'pids'; known: Array<[number, number]>; marker: string } | { type: 'result'; result: RunResult };

const POLL_MS = 40;
const SCAN_EVERY = 5; // full /proc scans (for strays) every 5 polls; known pids are read every poll
const FLOOD_FACTOR = 64; // output beyond 64× the kept amount ends the run

function say(message: SupervisorMessage) {
	process.send?.(message);
}

function prlimitPrefix(limits: Pick<Limits, 'maxWorkers' | 'rssMb'>): string[] {
	// Address space, not RSS (Linux ignores RLIMIT_RSS): each worker reserves ~650 MB of virtual memory,
	// so this is only a backstop against absurd allocations; the RSS cap below is enforced by polling.
	if (!hasProc || !existsSync('/usr/bin/prlimit')) return [];
	const bytes = (1024 + (limits.maxWorkers + 2) * 700 + limits.rssMb) * 1024 * 1024;
	return ['prlimit', `--as=${bytes}`, '--'];
}

function plural(n: number, word: string, many = `${word}s`): string {
	return `${n} ${n === 1 ? word : many}`;
}

function seconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** Sent first: start a sandbox now, so its start-up overlaps the grader's own work. */
export interface SandboxSpawn {
	type: 'spawn';
	harness: string;
	preload: string;
	heapMb: number;
	rssMb: number;
	maxWorkers: number;
}

interface Prepared {
	spawn: SandboxSpawn;
	child: ChildProcess;
	nonce: string;
	marker: string;
	pidsDir: string;
	pidsFile: string;
	pidsFd: number;
}

const sameSpawn = (a: SandboxSpawn, b: SandboxSpawn) =>
	a.harness === b.harness && a.preload === b.preload && a.heapMb === b.heapMb && a.rssMb === b.rssMb && a.maxWorkers === b.maxWorkers;

/** Starts a sandbox that waits (on stdin) for the run to start. It has run nothing of the solution yet. */
function prepare(spawnParams: SandboxSpawn): Prepared {
	const nonce = randomUUID();
	const marker = `${MARKER_ENV}=${randomUUID()}`;
	const nodeOptions = [`--import=${pathToFileURL(spawnParams.preload).href}`, `--max-old-space-size=${spawnParams.heapMb}`].join(' ');
	const prefix = prlimitPrefix(spawnParams);
	const args = [...prefix, process.execPath, spawnParams.harness];
	const pidsDir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-pids-'));
	const pidsFile = path.join(pidsDir, 'pids');
	const pidsFd = openSync(pidsFile, 'a+');
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_OPTIONS: nodeOptions,
		[ROLE_ENV]: '1',
		[MARKER_ENV]: marker.split('=')[1],
		[HEAP_ENV]: String(spawnParams.heapMb),
		[PIDS_ENV]: pidsFile,
	};
	delete env.NODE_CHANNEL_FD;
	// Nothing that points at the learner's workspace (or at conc-tutor's own state in it): the solution
	// runs in a copy of its files and has no business with the originals.
	for (const key of Object.keys(env)) {
		if (/^(PWD|OLDPWD|INIT_CWD|npm_.*)$/.test(key) || (key.startsWith('CONC_TUTOR_') && !ownEnv.has(key))) delete env[key];
	}
	const child: ChildProcess = spawn(args[0]!, args.slice(1), {
		cwd: tmpdir(),
		env,
		detached: true, // its own process group and session: killing "its group" cannot reach us
		stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
	});
	child.stdin!.on('error', () => {}); // a sandbox that died early: its exit is reported instead
	child.stdin!.write(`${nonce}\n`);
	return { spawn: spawnParams, child, nonce, marker, pidsDir, pidsFile, pidsFd };
}

let prepared: Prepared | undefined;
const ownEnv = new Set([ROLE_ENV, MARKER_ENV, HEAP_ENV, PIDS_ENV]);

async function supervise(start: SupervisorStart): Promise<RunResult> {
	const { limits } = start;
	const wanted: SandboxSpawn = {
		type: 'spawn',
		harness: start.harness,
		preload: start.preload,
		heapMb: limits.heapMb,
		rssMb: limits.rssMb,
		maxWorkers: limits.maxWorkers,
	};
	if (prepared && !sameSpawn(prepared.spawn, wanted)) {
		prepared.child.kill('SIGKILL');
		prepared = undefined;
	}
	const { child, nonce, marker, pidsDir, pidsFd } = prepared ?? prepare(wanted);
	prepared = undefined;
	const t0 = performance.timeOrigin + performance.now();
	const now = () => performance.timeOrigin + performance.now() - t0;
	const sandboxPid = child.pid ?? -1;
	child.stdin!.end(`${JSON.stringify({ checkBundle: start.checkBundle, runDir: start.runDir, seed: start.seed, t0 })}\n`);

	const events: TraceEvent[] = [];
	const values: Record<string, unknown> = {};
	const known: Known = new Map();
	remember(known, sandboxPid);
	const tidToThread = new Map<number, { threadId: number; pid: number }>();
	const lanes = new Map<string, Lane>();
	let end: RunEnd | undefined;
	let doneAt: number | undefined;
	let leakedWorkers: number[] | undefined;
	let lastBeat = 0;
	let maxGap = 0;
	let runStarted = false;
	let output = '';
	let outputBytes = 0;
	let childrenStarted = 0;
	let maxChildren = 0;
	let workersStarted = 0;
	let aliveWorkers = 0;
	let maxWorkers = 0;
	let tampered: string | undefined;
	let wake = () => {};
	let crash: { detail: string; heap?: boolean } | undefined;
	let exited: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;

	const finish = (value: RunEnd) => {
		end ??= value;
	};
	abortRun = () => finish({ kind: 'crash', detail: 'the grader stopped this run' });

	let lastLockEvent = 0;
	let lockEvents = false;
	const onEvent = (event: TraceEvent) => {
		if (events.length < 100_000) events.push(event);
		if (event.type.startsWith('lock-')) {
			lockEvents = true;
			lastLockEvent = now();
		}
		if (event.type === 'worker-created') {
			workersStarted++;
			aliveWorkers++;
			maxWorkers = Math.max(maxWorkers, aliveWorkers);
			if (workersStarted > limits.maxWorkers) {
				finish({ kind: 'limit', limit: 'workers', detail: `started more than ${limits.maxWorkers} workers (the limit)` });
			}
		} else if (event.type === 'worker-exit') aliveWorkers--;
	};

	const onResult = (line: string) => {
		let message: SandboxMessage & { n?: string };
		try {
			message = JSON.parse(line);
		} catch {
			tampered ??= 'something other than the grader wrote to the grader\'s channel (fd 3)';
			return;
		}
		if (message.n !== nonce) {
			tampered ??= 'a message on the grader\'s channel (fd 3) did not come from the grader\'s own code';
			return;
		}
		switch (message.type) {
			case 'event':
				if (message.event.type === 'run-start') runStarted = true;
				onEvent(message.event);
				break;
			case 'child':
				remember(known, message.pid);
				break;
			case 'beat':
				lastBeat = message.t;
				maxGap = Math.max(maxGap, message.maxGap);
				break;
			case 'value':
				values[message.key] = message.value;
				break;
			case 'done':
				doneAt = now();
				break;
			case 'threw':
				finish({ kind: 'threw', message: message.message });
				break;
			case 'crash':
				crash = { detail: message.detail, heap: message.heap };
				break;
			case 'leaks':
				leakedWorkers = message.workers;
				wake();
				break;
		}
	};

	const onWorkerLine = (line: string) => {
		let message: WorkerMessage;
		try {
			message = JSON.parse(line);
		} catch {
			return; // information only; a garbled line is dropped
		}
		if (message.type === 'thread') tidToThread.set(message.tid, { threadId: message.threadId, pid: message.pid });
		else if (message.type === 'event' && message.event && typeof message.event.type === 'string') onEvent(message.event);
	};

	let resultBytes = 0;
	const lines = (stream: Readable, onLine: (line: string) => void) => {
		stream.on('data', (chunk: Buffer) => {
			resultBytes += chunk.length;
			if (resultBytes > 256 * 1024 * 1024) finish({ kind: 'tampered', detail: 'flooded the grader\'s channel' });
		});
		createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
	};
	lines(child.stdio[RESULT_FD] as Readable, onResult);
	lines(child.stdio[EVENT_FD] as Readable, onWorkerLine);
	// Both channels read to their end: a worker's last lines may still be in the pipe when the run is
	// decided, and the result must include them (a lock released just before the worker exits, say).
	const drained = Promise.all(
		[RESULT_FD, EVENT_FD].map((fd) => new Promise<void>((resolve) => (child.stdio[fd] as Readable).once('close', () => resolve()))),
	);

	const keep = limits.outputBytes;
	for (const stream of [child.stdout!, child.stderr!]) {
		stream.on('data', (chunk: Buffer) => {
			outputBytes += chunk.length;
			if (output.length < keep) output += chunk.toString('utf8', 0, Math.min(chunk.length, keep - output.length));
			if (outputBytes > keep * FLOOD_FACTOR) {
				finish({ kind: 'limit', limit: 'output', detail: `printed more than ${Math.round((keep * FLOOD_FACTOR) / 1048576)} MB of output (the limit)` });
			}
		});
	}
	child.on('error', (error) => finish({ kind: 'crash', detail: `could not start the sandbox: ${error.message}` }));
	child.on('exit', (code, signal) => {
		exited = { code, signal, at: now() };
		wake();
	});
	let resultEnded = false;
	child.stdio[RESULT_FD]!.on('end', () => {
		resultEnded = true;
		wake();
	});

	// ---- watching from outside ----------------------------------------------------------------
	let tick = 0;
	let tree = new Set<number>([sandboxPid]);
	const laneFor = (pid: number, tid: number): Lane | undefined => {
		let name: string;
		let threadId: number | undefined;
		const registered = tidToThread.get(tid);
		if (tid === pid) name = pid === sandboxPid ? 'main' : `child ${pid}`;
		else if (registered) {
			threadId = registered.threadId;
			name = pid === sandboxPid ? `worker ${registered.threadId}` : `child ${pid} worker ${registered.threadId}`;
		} else return undefined; // Node's own helper threads (libuv pool, GC) are not lanes
		const key = `${pid}/${tid}`;
		let lane = lanes.get(key);
		if (!lane) {
			lane = { name, pid, tid, threadId, cpuMs: 0, samples: [], start: now() };
			lanes.set(key, lane);
		}
		return lane;
	};
	const unclaimed = new Map<string, { pid: number; cpuMs: number }>();

	let pidsOffset = 0;
	const pidsBuffer = Buffer.alloc(64 * 1024);
	const readPids = () => {
		let n: number;
		let text = '';
		while ((n = readSync(pidsFd, pidsBuffer, 0, pidsBuffer.length, pidsOffset)) > 0) {
			pidsOffset += n;
			text += pidsBuffer.toString('utf8', 0, n);
			if (pidsOffset > 1024 * 1024) break; // a flood of fake pids: enough
		}
		for (const line of text.split('\n')) if (/^\d+$/.test(line)) remember(known, Number(line));
	};

	const sample = () => {
		if (!hasProc) return;
		tick++;
		readPids();
		if (tick % SCAN_EVERY === 0) tree = findTree([sandboxPid], marker, known);
		else tree = new Set([...tree, ...known.keys()]);
		let rssKb = 0;
		let processes = 0;
		const t = now();
		for (const pid of tree) {
			const stat = procStat(pid);
			if (!stat) continue;
			rssKb += stat.rssKb;
			if (pid !== sandboxPid) processes++;
			for (const thread of threadStats(pid)) {
				const lane = laneFor(pid, thread.tid);
				if (lane) {
					lane.cpuMs = Math.max(lane.cpuMs, thread.cpuMs);
					lane.samples.push([t, lane.cpuMs, thread.state === 'R' ? 1 : 0]);
					lane.end = undefined;
				} else unclaimed.set(`${pid}/${thread.tid}`, { pid, cpuMs: thread.cpuMs });
			}
		}
		for (const lane of lanes.values()) if (lane.end === undefined && lane.samples.at(-1)![0] < t) lane.end = t;
		childrenStarted = Math.max(childrenStarted, known.size - 1);
		maxChildren = Math.max(maxChildren, processes);
		if (rssKb > limits.rssMb * 1024) {
			finish({ kind: 'limit', limit: 'memory', detail: `used more than ${limits.rssMb} MB of memory (the limit)` });
		}
		if (processes > limits.maxProcesses || known.size - 1 > limits.maxProcesses * 4) {
			finish({ kind: 'limit', limit: 'processes', detail: `started more than ${limits.maxProcesses} processes (the limit)` });
		}
	};
	const reportPids = () => say({ type: 'pids', known: [...known], marker });

	// ---- the run ----------------------------------------------------------------------------------
	const graceMs = 300 * start.factor;
	reportPids();
	await new Promise<void>((resolve) => {
		// Runs on every poll, and at once when the sandbox reports or exits: no waiting for the next tick.
		const decide = () => {
			const t = now();
			if (!end && t > limits.timeoutMs) finish({ kind: 'timeout', ms: limits.timeoutMs });
			// A cycle in the wait-for graph with no lock activity for a while is a deadlock: stop early.
			if (!end && lockEvents && tick % SCAN_EVERY === 0 && t - lastLockEvent > 500 * start.factor) {
				const cycle = findDeadlock(events, sandboxPid);
				if (cycle) finish({ kind: 'deadlock', cycle });
			}
			if (!end && tampered) finish({ kind: 'tampered', detail: tampered });
			if (!end && doneAt !== undefined && (leakedWorkers !== undefined || t - doneAt > graceMs * 3)) finish({ kind: 'done' });
			// The exit is final once the channel has drained (or shortly after, if a grandchild holds it open).
			if (!end && exited && (resultEnded || t - exited.at > 100)) {
				if (crash) finish(crash.heap ? { kind: 'limit', limit: 'heap', detail: crash.detail } : { kind: 'crash', detail: crash.detail });
				else if (doneAt !== undefined) finish({ kind: 'done' });
				else finish(describeExit(exited, output, limits));
			}
			if (end) {
				clearInterval(timer);
				resolve();
			}
		};
		const timer = setInterval(() => {
			sample();
			if (tick % SCAN_EVERY === 0) reportPids();
			decide();
		}, POLL_MS);
		wake = decide;
	});
	sample();

	// What was still going on when the run stopped: for the message, the leak check and the deadlock check.
	const deadlock = findDeadlock(events, sandboxPid);
	const strayProcesses = [...tree].filter((pid) => pid !== sandboxPid && procStat(pid));
	const stillRunning = describeThreads(tree, tidToThread, aliveWorkers, strayProcesses.length);
	readPids();
	await endTree(sandboxPid, marker, known, graceMs);
	await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 500))]);
	closeSync(pidsFd);
	rmSync(pidsDir, { recursive: true, force: true });

	const wallMs = doneAt ?? now();
	let reason: string | undefined;
	const finalEnd = end!;
	if (finalEnd.kind === 'timeout') {
		const parts = [stillRunning.summary, deadlock ? 'deadlocked' : ''].filter(Boolean);
		reason = `timed out after ${seconds(finalEnd.ms)}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
		if (runStarted && lastBeat > 0 && now() - lastBeat > 1000 && !deadlock) {
			reason += `; the main thread's event loop was blocked for the last ${seconds(finalEnd.ms - lastBeat)}`;
		}
	} else if (finalEnd.kind === 'deadlock') reason = `deadlocked: ${finalEnd.cycle.join('; ')}`;
	else if (finalEnd.kind === 'limit') reason = `stopped: it ${finalEnd.detail}`;
	else if (finalEnd.kind === 'crash') reason = finalEnd.detail;
	else if (finalEnd.kind === 'threw') reason = `your code threw: ${finalEnd.message}`;
	else if (finalEnd.kind === 'tampered') reason = `stopped: ${finalEnd.detail}`;
	const killedSupervisor = events.find(
		(e) => e.type === 'kill' && (e.pid === process.pid || e.pid === -process.pid || e.pid === process.ppid),
	);
	if (killedSupervisor && killedSupervisor.type === 'kill') {
		reason = `your code sent ${killedSupervisor.signal} to the grader's supervisor (process.kill(${killedSupervisor.pid})); ${reason ?? 'the run did not finish'}`;
		if (finalEnd.kind === 'done') end = { kind: 'tampered', detail: 'signalled the grader' };
	}

	const threadLanes = [...lanes.values()];
	const cpuMs = threadLanes.reduce((sum, lane) => sum + lane.cpuMs, 0) + [...unclaimed.values()].reduce((s, u) => s + u.cpuMs, 0);
	const leakWorkers = finalEnd.kind === 'done' ? (leakedWorkers?.length ?? stillRunning.workers) : 0;
	const leakProcesses = finalEnd.kind === 'done' ? strayProcesses.length : 0;
	return {
		seed: start.seed,
		startedAt: t0,
		end: end!,
		reason,
		values,
		leaks: {
			workers: leakWorkers,
			processes: leakProcesses,
			detail: [
				leakWorkers > 0 ? `${plural(leakWorkers, 'worker')} still running` : '',
				leakProcesses > 0 ? `${plural(leakProcesses, 'child process', 'child processes')} still running (pid ${strayProcesses.join(', ')})` : '',
			]
				.filter(Boolean)
				.join(' and '),
		},
		deadlock,
		output: outputBytes > keep ? `${output}\n… ${outputBytes - keep} more bytes of output were dropped` : output,
		trace: {
			events,
			lanes: threadLanes,
			cpuMs,
			wallMs,
			maxLoopDelayMs: runStarted ? Math.max(maxGap, finalEnd.kind === 'timeout' && lastBeat > 0 ? finalEnd.ms - lastBeat : 0) : 0,
			workers: { started: workersStarted, maxAlive: maxWorkers },
			processes: { started: childrenStarted, maxAlive: maxChildren },
			cores: cores(),
		},
	};
}

function describeExit(
	exited: { code: number | null; signal: NodeJS.Signals | null },
	output: string,
	limits: Limits,
): RunEnd {
	if (/heap out of memory|Reached heap limit|Failed to reserve|Array buffer allocation failed/i.test(output)) {
		return { kind: 'limit', limit: 'heap', detail: `ran out of its ${limits.heapMb} MB heap (the limit)` };
	}
	if (exited.code === 13) {
		return {
			kind: 'crash',
			detail: 'your function returned a promise that never settles: nothing was left running that could resolve it',
		};
	}
	if (exited.signal) {
		return { kind: 'crash', detail: `the sandbox process was killed by ${exited.signal} before your code finished` };
	}
	return {
		kind: 'crash',
		detail: `the process exited with code ${exited.code} before your code finished (did something call process.exit?)`,
	};
}

/** "3 workers still running, 1 blocked in Atomics.wait", read from /proc thread states. */
function describeThreads(
	tree: Set<number>,
	tidToThread: Map<number, { threadId: number; pid: number }>,
	aliveWorkers: number,
	processes: number,
): { summary: string; workers: number } {
	let running = 0;
	let blocked = 0;
	let idle = 0;
	for (const [tid, { pid }] of tidToThread) {
		if (!tree.has(pid)) continue;
		const thread = threadStats(pid).find((t) => t.tid === tid);
		if (!thread) continue;
		if (thread.state === 'R') running++;
		else if (waitChannel(pid, tid).includes('futex')) blocked++;
		else idle++;
	}
	// Workers started from code strings (eval) run no preload, so their state is unknown: counted as running.
	running += Math.max(0, aliveWorkers - (running + blocked + idle));
	const workers = running + blocked + idle;
	const parts = [
		running > 0 ? `${plural(running, 'worker')} still running` : '',
		blocked > 0 ? `${blocked} blocked in Atomics.wait` : '',
		idle > 0 ? `${idle} idle (waiting for messages)` : '',
	].filter(Boolean);
	if (processes > 0) parts.push(`${plural(processes, 'child process', 'child processes')} alive`);
	return { summary: parts.join(', '), workers };
}

/** The kernel function a sleeping thread waits in: "futex_do_wait" is Atomics.wait (or a lock), epoll is an idle loop. */
function waitChannel(pid: number, tid: number): string {
	try {
		return readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8');
	} catch {
		return '';
	}
}

// ---- entry --------------------------------------------------------------------------------------
if (process.send) {
	// A solution that signals its parent must not take the supervisor down with a plain SIGTERM.
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const) process.on(signal, () => {});
	process.on('message', (message: SandboxSpawn | SupervisorStart | { type: 'cancel' }) => {
		if (message.type === 'cancel') return abortRun();
		if (message.type === 'spawn') {
			prepared ??= prepare(message);
			return;
		}
		supervise(message).then(
			(result) => {
				process.send!({ type: 'result', result } satisfies SupervisorMessage, () => process.disconnect());
			},
			(error: Error) => {
				console.error(error);
				process.exit(70);
			},
		);
	});
	process.once('disconnect', () => {
		// The grader went away: nothing will report a verdict, so end what we started and go.
		prepared?.child.kill('SIGKILL');
		abortRun();
		setTimeout(() => process.exit(0), 5000).unref();
	});
}
