// One run of one exercise: a supervisor (which starts the sandbox) and its RunResult. A supervisor can
// be forked ahead of time — its sandbox then starts while the grader compiles — but serves one run only,
// so no state ever carries from one run to the next. If the solution manages to kill the supervisor, we
// still end every process it reported and say why.
import { fork, type ChildProcess } from 'node:child_process';
import { distFile } from '../paths.js';
import type { Known } from './proc.js';
import type { Limits, RunResult } from './spec.js';
import type { SandboxSpawn, SupervisorMessage, SupervisorStart } from './supervisor.js';
import { endTree } from './tree.js';

export interface RunRequest {
	checkBundle: string;
	runDir: string;
	seed: number;
	limits: Limits;
	factor: number;
	signal?: AbortSignal;
}

function emptyTrace(wallMs: number): RunResult['trace'] {
	return {
		events: [],
		lanes: [],
		cpuMs: 0,
		wallMs,
		maxLoopDelayMs: 0,
		workers: { started: 0, maxAlive: 0 },
		processes: { started: 0, maxAlive: 0 },
		cores: 0,
	};
}

export function spawnParams(limits: Pick<Limits, 'heapMb' | 'rssMb' | 'maxWorkers'>): SandboxSpawn {
	return {
		type: 'spawn',
		harness: distFile('harness'),
		preload: distFile('preload'),
		heapMb: limits.heapMb,
		rssMb: limits.rssMb,
		maxWorkers: limits.maxWorkers,
	};
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export class Supervisor {
	private readonly process: ChildProcess;
	private readonly known: Known = new Map();
	private marker: string | undefined;
	private sandboxPid: number | undefined;
	private result: RunResult | undefined;
	private resolveResult: (() => void) | undefined;
	private stderr = '';
	private used = false;
	private readonly exited: Promise<Exit>;

	/** Forks a supervisor and has it start a sandbox for these limits right away. */
	constructor(limits: Pick<Limits, 'heapMb' | 'rssMb' | 'maxWorkers'>) {
		this.process = fork(distFile('supervisor'), [], {
			detached: true, // its own group: a solution that kills "its group" cannot reach the grader
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			execArgv: [],
			env: { ...process.env, NODE_OPTIONS: '' },
		});
		this.process.stderr!.on('data', (chunk: Buffer) => {
			if (this.stderr.length < 10_000) this.stderr += chunk.toString();
		});
		this.process.on('message', (message: SupervisorMessage) => {
			if (message.type === 'pids') {
				for (const [pid, start] of message.known) this.known.set(pid, start);
				this.sandboxPid ??= message.known[0]?.[0];
				this.marker = message.marker;
			} else if (message.type === 'result') {
				this.result = message.result;
				this.resolveResult?.();
			}
		});
		this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
		this.process.send(spawnParams(limits));
		// An idle spare must not keep the grader (or the TUI) alive.
		this.process.unref();
		this.process.channel?.unref();
		(this.process.stderr as unknown as { unref(): void }).unref();
	}

	/** Ends an unused supervisor (and the sandbox it started). */
	dispose(): void {
		if (!this.used) this.process.kill('SIGKILL');
	}

	async run(request: RunRequest): Promise<RunResult> {
		if (this.used) throw new Error('a supervisor serves one run only');
		this.used = true;
		const started = Date.now();
		this.process.ref();
		this.process.channel?.ref();
		const start: SupervisorStart = {
			type: 'start',
			harness: distFile('harness'),
			preload: distFile('preload'),
			checkBundle: request.checkBundle,
			runDir: request.runDir,
			seed: request.seed,
			limits: request.limits,
			factor: request.factor,
		};
		this.process.send(start);
		const cancel = () => this.process.connected && this.process.send({ type: 'cancel' });
		request.signal?.addEventListener('abort', cancel, { once: true });
		// Our own deadline, in case the supervisor itself is stopped (SIGSTOP) or wedged.
		const watchdog = setTimeout(() => this.process.kill('SIGKILL'), request.limits.timeoutMs + 15_000 * request.factor);
		// The verdict's data arrives before the supervisor finishes exiting: no need to wait for that.
		const got = new Promise<undefined>((resolve) => (this.resolveResult = () => resolve(undefined)));
		const ended = await Promise.race([this.exited, got]);
		clearTimeout(watchdog);
		request.signal?.removeEventListener('abort', cancel);
		if (this.result) return this.result;
		const { code, signal } = ended!;
		// No result: the supervisor died. Whatever the sandbox started is ours to end now.
		if (this.sandboxPid !== undefined) await endTree(this.sandboxPid, this.marker, this.known, 300);
		const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
		const detail = `the grader's supervisor process ${how} — did your code kill its parent process?`;
		return {
			seed: request.seed,
			end: { kind: 'tampered', detail },
			reason: this.stderr.trim() && !signal ? `the grader failed: ${this.stderr.trim().split('\n')[0]}` : detail,
			values: {},
			leaks: { workers: 0, processes: 0, detail: '' },
			output: '',
			trace: emptyTrace(Date.now() - started),
		};
	}
}
