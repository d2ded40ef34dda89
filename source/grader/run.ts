// One run of one exercise: start a supervisor (which starts the sandbox), wait for its RunResult.
// If the solution manages to kill the supervisor, we still end every process it reported and say why.
import { fork } from 'node:child_process';
import { distFile } from '../paths.js';
import type { Known } from './proc.js';
import { endTree } from './tree.js';
import type { Limits, RunResult } from './spec.js';
import type { SupervisorMessage, SupervisorStart } from './supervisor.js';

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

export function runOnce(request: RunRequest): Promise<RunResult> {
	const started = Date.now();
	const supervisor = fork(distFile('supervisor'), [], {
		detached: true, // its own group: a solution that kills "its group" cannot reach the grader
		stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
		execArgv: [],
		env: { ...process.env, NODE_OPTIONS: '' },
	});
	let stderr = '';
	supervisor.stderr!.on('data', (chunk: Buffer) => {
		if (stderr.length < 10_000) stderr += chunk.toString();
	});
	const known: Known = new Map();
	let marker: string | undefined;
	let sandboxPid: number | undefined;
	let result: RunResult | undefined;
	supervisor.on('message', (message: SupervisorMessage) => {
		if (message.type === 'pids') {
			for (const [pid, start] of message.known) known.set(pid, start);
			sandboxPid ??= message.known[0]?.[0];
			marker = message.marker;
		}
		else if (message.type === 'result') result = message.result;
	});
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
	supervisor.send(start);
	const cancel = () => supervisor.connected && supervisor.send({ type: 'cancel' });
	request.signal?.addEventListener('abort', cancel, { once: true });
	// Our own deadline, in case the supervisor itself is stopped (SIGSTOP) or wedged.
	const watchdog = setTimeout(() => supervisor.kill('SIGKILL'), request.limits.timeoutMs + 15_000 * request.factor);

	return new Promise((resolve) => {
		supervisor.on('exit', async (code, signal) => {
			clearTimeout(watchdog);
			request.signal?.removeEventListener('abort', cancel);
			if (result) return resolve(result);
			// No result: the supervisor died. Whatever the sandbox started is ours to end now.
			if (sandboxPid !== undefined) await endTree(sandboxPid, marker, known, 300);
			const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
			const detail = `the grader's supervisor process ${how} — did your code kill its parent process?`;
			resolve({
				seed: request.seed,
				end: { kind: 'tampered', detail },
				reason: stderr.trim() && !signal ? `the grader failed: ${stderr.trim().split('\n')[0]}` : detail,
				values: {},
				leaks: { workers: 0, processes: 0, detail: '' },
				output: '',
				trace: emptyTrace(Date.now() - started),
			});
		});
	});
}
