// Loaded with --import into the sandbox, its worker threads and (through NODE_OPTIONS) every child process
// the solution starts. It records what the solution does with threads and processes; it decides nothing.
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import inspector from 'node:inspector';
import module from 'node:module';
import v8 from 'node:v8';
import { ChildProcess as ChildProcessClass, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import workerThreads from 'node:worker_threads';
import {
	CHANNEL_KEY,
	EVENT_FD,
	HEAP_ENV,
	NONCE_DATA_KEY,
	PIDS_ENV,
	RESULT_FD,
	ROLE_ENV,
	T0_ENV,
	type SandboxChannel,
	type SandboxMessage,
	type WorkerMessage,
} from './channel.js';
import { encode } from './encode.js';
import type { TraceEvent } from './spec.js';

// Keep our own references: the solution may replace these afterwards.
const writeSync = fs.writeSync;
const setEnvironmentData = workerThreads.setEnvironmentData;
// Times are ms since the run started; the harness sets the origin when the run starts (workers and
// children started after that read it from the environment they inherit).
let t0 = Number(process.env[T0_ENV] ?? 0);
// The clock is captured too: a solution that replaced performance.now (or timeOrigin) would otherwise set
// the heartbeat's time, and a blocked event loop could report no gap at all.
// Anchored to Date.now() (not performance.timeOrigin, which is off by each process's own few ms), so that
// the times of the run's processes and the grader's agree (epoch.ts).
const perfNow = performance.now.bind(performance);
const timeOrigin = Date.now() - perfNow();
const now = () => timeOrigin + perfNow() - t0;
const heapMb = Number(process.env[HEAP_ENV] ?? 0);

function tid(): number {
	try {
		return Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
	} catch {
		return 0;
	}
}

/** One line from stdin, byte by byte, so nothing after it is consumed (the harness reads the next line). */
export function readLineSync(): string {
	const byte = Buffer.alloc(1);
	let line = '';
	for (;;) {
		let n: number;
		try {
			n = fs.readSync(0, byte, 0, 1, null);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
			throw error;
		}
		if (n === 0 || byte[0] === 10) return line;
		line += String.fromCharCode(byte[0]!);
	}
}

const isSandboxMain = workerThreads.isMainThread && process.env[ROLE_ENV] === '1';
delete process.env[ROLE_ENV];

// Without isolation, every process of the run writes its pid, and its children's, where the grader reads them: a
// grandchild started with an empty environment or a detached session is still found and ended.
const pidsFile = process.env[PIDS_ENV];
const notePid = (pid: number | undefined) => {
	if (!pidsFile || !pid) return;
	try {
		fs.appendFileSync(pidsFile, `${pid}\n`);
	} catch {
		// not inside a sandbox
	}
};
if (workerThreads.isMainThread) {
	notePid(process.pid);
	diagnostics.subscribe('child_process', (data) => {
		const child = (data as { process: ChildProcess }).process;
		child.once('spawn', () => notePid(child.pid));
	});
}

let emit: (event: TraceEvent) => void = () => {};
const alive = new Set<number>();
const aliveChildren = new Set<number>();

// The nonce: the sandbox's main thread reads it from stdin (once read it is gone from the pipe); a worker
// finds it in the environment data its creator set just for its construction. Only ever a string here.
let nonce = '';
if (isSandboxMain) nonce = readLineSync();
else if (!workerThreads.isMainThread) {
	const data = workerThreads.getEnvironmentData(NONCE_DATA_KEY);
	nonce = typeof data === 'string' ? data : '';
	setEnvironmentData(NONCE_DATA_KEY, undefined);
}
const frame = (fd: number, message: SandboxMessage | WorkerMessage) => {
	if (!nonce) return;
	try {
		writeSync(fd, `${nonce} ${encode(message)}\n`);
	} catch {
		// the grader is gone (or this process was not started by it): nothing left to tell
	}
};

if (isSandboxMain) {
	const send = (message: SandboxMessage) => frame(RESULT_FD, message);
	emit = (event) => send({ type: 'event', event });

	// A heartbeat every 10 ms: the longest gap between beats is how long the event loop was blocked.
	let last = now();
	let maxGap = 0;
	let running = false;
	let sinceReport = 0;
	setInterval(() => {
		const t = now();
		const gap = t - last;
		last = t;
		if (!running) return;
		if (gap > maxGap) maxGap = gap;
		sinceReport += gap;
		if (sinceReport >= 100 || gap > 50) {
			sinceReport = 0;
			send({ type: 'beat', t, maxGap });
		}
	}, 10).unref();

	const channel: SandboxChannel = {
		send,
		now,
		aliveWorkers: () => [...alive],
		aliveChildren: () => [...aliveChildren],
		setOrigin(origin: number) {
			t0 = origin;
			process.env[T0_ENV] = String(origin);
		},
		readLine: readLineSync,
		startRun() {
			running = true;
			last = now();
			send({ type: 'beat', t: last, maxGap: 0 });
		},
		endRun() {
			// The stretch since the last beat counts too: a loop blocked until the very end never let a beat run.
			const t = now();
			maxGap = Math.max(maxGap, t - last);
			running = false;
			send({ type: 'beat', t, maxGap });
		},
	};
	Object.defineProperty(globalThis, CHANNEL_KEY, { value: channel, configurable: true, enumerable: false });

	diagnostics.subscribe('child_process', (data) => {
		const child = (data as { process: ChildProcess }).process;
		const file = (child as unknown as { spawnfile?: string }).spawnfile ?? '';
		// IPC, seen from the parent: every child.send() and every 'message' the child sent back. `send` is
		// installed on the instance only when the channel is set up (after this channel fires): catch it there.
		const ipcPid = () => child.pid ?? 0;
		let ipcSend: ((...args: unknown[]) => unknown) | undefined;
		Object.defineProperty(child, 'send', {
			configurable: true,
			enumerable: true,
			get: () => ipcSend,
			set(fn: unknown) {
				ipcSend =
					typeof fn === 'function'
						? function (this: unknown, ...args: unknown[]) {
								emit({ t: now(), type: 'ipc-send', pid: ipcPid() });
								return (fn as (...a: unknown[]) => unknown).apply(this, args);
							}
						: (fn as undefined);
			},
		});
		const childEmit = child.emit as (this: ChildProcess, event: string | symbol, ...args: unknown[]) => boolean;
		child.emit = function (this: ChildProcess, event: string | symbol, ...args: unknown[]) {
			if (event === 'message') emit({ t: now(), type: 'ipc-message', pid: ipcPid() });
			return childEmit.apply(this, [event, ...args]);
		} as typeof child.emit;
		child.once('spawn', () => {
			const pid = child.pid!;
			aliveChildren.add(pid);
			send({ type: 'child', pid });
			emit({ t: now(), type: 'child-spawn', pid, file });
			child.once('exit', (code, signal) => {
				aliveChildren.delete(pid);
				emit({ t: now(), type: 'child-exit', pid, code, signal });
			});
		});
	});
} else if (!workerThreads.isMainThread) {
	const send = (message: WorkerMessage) => frame(EVENT_FD, message);
	emit = (event) => send({ type: 'event', event });
	send({ type: 'thread', threadId: workerThreads.threadId, tid: tid(), pid: process.pid });
	const port = workerThreads.parentPort;
	if (port) {
		const post = port.postMessage;
		port.postMessage = function (this: typeof port, ...args: Parameters<typeof post>) {
			emit({ t: now(), type: 'message', from: workerThreads.threadId, to: 0 });
			return post.apply(this, args);
		} as typeof post;
	}
}

// ---- Workers: a subclass that records the lifecycle and applies the heap limit --------------------
const BaseWorker = workerThreads.Worker;
class TracedWorker extends BaseWorker {
	constructor(file: string | URL, options: workerThreads.WorkerOptions = {}) {
		const limits = { ...options.resourceLimits };
		if (heapMb > 0) limits.maxOldGenerationSizeMb = Math.min(limits.maxOldGenerationSizeMb ?? heapMb, heapMb);
		// The new worker's preload takes the nonce from here; it is cleared again before the solution runs on.
		if (nonce) setEnvironmentData(NONCE_DATA_KEY, nonce);
		try {
			super(file, { ...options, resourceLimits: limits });
		} finally {
			setEnvironmentData(NONCE_DATA_KEY, undefined);
		}
		const id = this.threadId; // reads -1 after exit: keep it now
		const parent = workerThreads.threadId;
		alive.add(id);
		emit({ t: now(), type: 'worker-created', threadId: id, file: String(file).split('/').pop() });
		this.once('online', () => emit({ t: now(), type: 'worker-online', threadId: id }));
		this.once('exit', (code) => {
			alive.delete(id);
			emit({ t: now(), type: 'worker-exit', threadId: id, code });
		});
		void parent;
	}
	override postMessage(...args: Parameters<workerThreads.Worker['postMessage']>): void {
		emit({ t: now(), type: 'message', from: workerThreads.threadId, to: this.threadId });
		super.postMessage(...args);
	}
	override terminate(): Promise<number> {
		emit({ t: now(), type: 'worker-terminate', threadId: this.threadId });
		return super.terminate();
	}
}
Object.defineProperty(workerThreads, 'Worker', { value: TracedWorker, writable: true, configurable: true, enumerable: true });

// The lab Mutex (and other lab helpers in the workspace) report lock events through this hook.
Object.defineProperty(globalThis, Symbol.for('conc-tutor.trace'), {
	value: (event: { type: 'lock-wait' | 'lock-acquired' | 'lock-released' | 'lock-gave-up'; lock: string }) =>
		emit({ t: now(), type: event.type, lock: String(event.lock), threadId: workerThreads.threadId, pid: process.pid }),
	configurable: true,
});

// ---- ChildProcess.kill: which signal a child was sent -------------------------------------------
const childKill = ChildProcessClass.prototype.kill;
ChildProcessClass.prototype.kill = function (this: ChildProcess, signal?: NodeJS.Signals | number) {
	emit({ t: now(), type: 'kill', from: process.pid, pid: this.pid ?? 0, signal: String(signal ?? 'SIGTERM') });
	return childKill.call(this, signal);
};

// ---- process.kill: record who signals whom (a run that signals itself is reported as such) -------
const kill = process.kill.bind(process);
process.kill = ((pid: number, signal?: string | number) => {
	emit({ t: now(), type: 'kill', from: process.pid, pid, signal: String(signal ?? 'SIGTERM') });
	return kill(pid, signal);
}) as typeof process.kill;

// ---- No way into the grader's memory: heap snapshots, the inspector and V8 flags are closed -------
const closed = (what: string) => () => {
	throw new Error(`${what} is not available in conc-tutor's sandbox`);
};
v8.writeHeapSnapshot = closed('v8.writeHeapSnapshot');
v8.getHeapSnapshot = closed('v8.getHeapSnapshot');
v8.setHeapSnapshotNearHeapLimit = closed('v8.setHeapSnapshotNearHeapLimit');
v8.setFlagsFromString = closed('v8.setFlagsFromString');
inspector.open = closed('inspector.open');
inspector.Session.prototype.connect = closed('the inspector');
inspector.Session.prototype.connectToMainThread = closed('the inspector');
BaseWorker.prototype.getHeapSnapshot = closed('worker.getHeapSnapshot');
const processInternals = process as unknown as Record<string, unknown>;
for (const name of ['_debugProcess', 'binding', '_linkedBinding']) processInternals[name] = closed(`process.${name}`);
// SIGUSR1 would start the inspector (a child can send it with process._debugProcess or kill): a listener
// of our own keeps it from doing so.
if (workerThreads.isMainThread) process.on('SIGUSR1', () => {});

module.syncBuiltinESMExports();
