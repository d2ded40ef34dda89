// When a run is over, and the sentence that says why: decided from what the sandbox reported (RunState)
// and what was seen from outside (Sampler), never from the solution's word alone.
import { readFileSync } from 'node:fs';
import { findDeadlock } from '../deadlock.js';
import { threadStats } from '../proc.js';
import type { Limits, RunEnd } from '../spec.js';
import type { Sampler } from './sampler.js';
import type { RunState } from './state.js';
import { duration } from '../../duration.js';

export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
	at: number;
}

export interface DecideInput {
	state: RunState;
	sampler: Sampler;
	limits: Limits;
	factor: number;
	exited: Exit | undefined;
	/** The result channel (fd 3) has closed. */
	resultEnded: boolean;
	now: number;
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Checked on every poll and whenever the sandbox reports or exits: sets state.end once the run is over. */
export function decide(input: DecideInput): void {
	const { state, sampler, limits, factor, exited, now } = input;
	const graceMs = 300 * factor;
	// Processes first: on a busy machine one poll can see forty processes and the memory they hold together,
	// and the count is the cause.
	if (sampler.processes > limits.maxProcesses || sampler.tree.size > limits.maxProcesses * 4) {
		state.finish({ kind: 'limit', limit: 'processes', detail: `started more than ${limits.maxProcesses} processes (the limit)` });
	}
	if (sampler.rssKb > limits.rssMb * 1024) {
		state.finish({ kind: 'limit', limit: 'memory', detail: `used more than ${limits.rssMb} MB of memory (the limit)` });
	}
	if (now > limits.timeoutMs) state.finish({ kind: 'timeout', ms: limits.timeoutMs });
	// A cycle in the wait-for graph with no lock activity for a while is a deadlock: stop early.
	if (!state.end && state.lockEvents && sampler.scanned && now - state.lastLockEvent > 500 * factor) {
		const cycle = findDeadlock(state.events, sampler.insideMainPid);
		if (cycle) state.finish({ kind: 'deadlock', cycle });
	}
	if (state.doneAt !== undefined && (state.leakedWorkers !== undefined || now - state.doneAt > graceMs * 3)) state.finish({ kind: 'done' });
	// The exit is final once the channel has drained (or shortly after, if a grandchild holds it open).
	if (exited && (input.resultEnded || now - exited.at > 100)) {
		const { crash } = state;
		if (crash) state.finish(crash.heap ? { kind: 'limit', limit: 'heap', detail: crash.detail } : { kind: 'crash', detail: crash.detail });
		else if (state.doneAt !== undefined) state.finish({ kind: 'done' });
		else state.finish(describeExit(exited, state.output, limits));
	}
}

export function describeExit(exited: Pick<Exit, 'code' | 'signal'>, output: string, limits: Limits): RunEnd {
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

/** The one sentence for a person when the run did not finish normally. */
export function describeEnd(
	end: RunEnd,
	still: { summary: string },
	deadlock: string[] | undefined,
	loopBlockedMs: number | undefined,
	selfKill?: { pid: number; from: number; signal: string },
): string | undefined {
	const reason = describeKind(end, still, deadlock, loopBlockedMs);
	if (!selfKill || end.kind === 'done') return reason;
	const whom = selfKill.pid === 0 || selfKill.pid < 0 ? 'its own process group' : selfKill.pid === 1 && selfKill.pid !== selfKill.from ? 'its parent process' : 'the process it ran in';
	return `your code sent ${selfKill.signal} to ${whom} (process.kill(${selfKill.pid})); ${reason ?? 'the run did not finish'}`;
}

function describeKind(end: RunEnd, still: { summary: string }, deadlock: string[] | undefined, loopBlockedMs: number | undefined): string | undefined {
	switch (end.kind) {
		case 'timeout': {
			const parts = [still.summary, deadlock ? 'deadlocked' : ''].filter(Boolean);
			let reason = `timed out after ${duration(end.ms)}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
			if (loopBlockedMs !== undefined && !deadlock) reason += `; the main thread's event loop was blocked for the last ${duration(loopBlockedMs)}`;
			return reason;
		}
		case 'deadlock':
			return `deadlocked: ${end.cycle.join('; ')}`;
		case 'limit':
			return `stopped: it ${end.detail}`;
		case 'crash':
		case 'interrupted':
			return end.detail;
		case 'threw':
			return `your code threw: ${end.message}`;
		case 'tampered':
			return `stopped: ${end.detail}`;
		default:
			return undefined;
	}
}

/** "3 workers still running, 1 blocked in Atomics.wait", read from /proc thread states. */
export function describeThreads(state: RunState, sampler: Sampler): { summary: string; workers: number } {
	let running = 0;
	let blocked = 0;
	let idle = 0;
	for (const tid of state.threads.keys()) {
		const host = sampler.hostThread(tid);
		if (!host || !sampler.tree.has(host.pid)) continue;
		const thread = threadStats(host.pid).find((t) => t.tid === host.tid);
		if (!thread) continue;
		if (thread.state === 'R') running++;
		else if (waitChannel(host.pid, host.tid).includes('futex')) blocked++;
		else idle++;
	}
	// Workers started from code strings (eval) run no preload, so their state is unknown: counted as running.
	running += Math.max(0, state.aliveWorkers - (running + blocked + idle));
	const workers = running + blocked + idle;
	const processes = [...sampler.tree].filter((pid) => pid !== sampler.mainPid).length;
	const parts = [
		running > 0 ? `${plural(running, 'worker')} still running` : '',
		blocked > 0 ? `${blocked} blocked in Atomics.wait` : '',
		idle > 0 ? `${idle} idle (waiting for messages)` : '',
	].filter(Boolean);
	if (processes > 0) parts.push(`${plural(processes, 'child process', 'child processes')} alive`);
	return { summary: parts.join(', '), workers };
}

export function leakDetail(workers: number, processes: number[]): string {
	return [
		workers > 0 ? `${plural(workers, 'worker')} still running` : '',
		processes.length > 0 ? `${plural(processes.length, 'child process', 'child processes')} still running (pid ${processes.join(', ')})` : '',
	]
		.filter(Boolean)
		.join(' and ');
}

/** The kernel function a sleeping thread waits in: "futex_do_wait" is Atomics.wait (or a lock), epoll is an idle loop. */
function waitChannel(pid: number, tid: number): string {
	try {
		return readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8');
	} catch {
		return '';
	}
}
