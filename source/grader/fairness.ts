// Was the machine too busy to judge this run? A pure function of what was measured OUTSIDE the sandbox:
// the CPU other programs used during the run (the grader's /proc/stat reading), how late the grader's own
// timers fired, and how long the run's threads sat runnable without a core (schedstat from the sampler,
// or estimated from its /proc samples). The learner's code can lower none of these, and can raise the
// first only from outside its own process tree. A check may call a result inconclusive only when this
// evidence explains what went wrong: a budget overrun no longer than the delays the machine imposed.
import type { Lane, RunResult } from './spec.js';

/** Share of the machine other programs must have used for the run to count as disturbed. */
export const BUSY_SHARE = 0.25;

export interface Fairness {
	/** Other programs took a real part of the machine during the run. */
	busy: boolean;
	/** The longest delay the machine imposed on this run that we can vouch for, ms. */
	delayMs: number;
	/** Others' share of the machine's CPU during the run, when measured. */
	foreignShare?: number;
	/** One phrase for people: "other programs used 64% of the CPU; a thread of the run waited 900 ms for a core". */
	evidence: string;
}

/**
 * A lane's time runnable without a core, ms: the sampler's schedstat reading when present, else an
 * estimate from the samples: between two samples in which the thread was runnable (state R), the part
 * of the interval it did not spend on a core.
 */
export function laneWaitMs(lane: Lane): number {
	if (typeof lane.waitMs === 'number') return lane.waitMs;
	let wait = 0;
	for (let i = 1; i < lane.samples.length; i++) {
		const [t0, c0, r0] = lane.samples[i - 1]!;
		const [t1, c1, r1] = lane.samples[i]!;
		if (r0 !== 1 || r1 !== 1) continue;
		wait += Math.max(0, t1 - t0 - (c1 - c0));
	}
	return Math.round(wait);
}

export function fairness(run: RunResult, lanes: Lane[] = run.trace.lanes): Fairness {
	const machine = run.machine;
	const waits = lanes.map(laneWaitMs);
	const worstWait = Math.max(0, ...waits);
	const lag = Math.max(run.trace.graderLagMs ?? 0, machine?.graderLagMs ?? 0);
	const foreignShare = machine?.foreignShare;
	// Without an outside reading of the machine (not Linux, or a synthetic run), nothing vouches for a busy
	// machine: the result stands as it is.
	const busy = foreignShare !== undefined && (foreignShare >= BUSY_SHARE || (machine!.stealMs > 0.1 * machine!.wallMs));
	const delayMs = busy ? Math.round(Math.max(worstWait, lag)) : 0;
	const parts: string[] = [];
	if (foreignShare !== undefined) parts.push(`other programs used ${Math.round(foreignShare * 100)}% of the machine's CPU during the run`);
	if (worstWait > 0) parts.push(`a thread of the run waited ${Math.round(worstWait)} ms in all for a free core`);
	if (lag >= 20) parts.push(`the grader's own timers fired up to ${Math.round(lag)} ms late`);
	return { busy, delayMs, foreignShare, evidence: parts.join('; ') || 'no measurement of the machine' };
}

/**
 * When a time budget was overrun by `overrunMs`, may the machine be blamed? Only when the machine was
 * busy with other programs AND the delays it imposed on the run cover the whole overrun. Returns the
 * evidence as a phrase, or undefined: then the overrun is the code's.
 */
export function machineExplains(run: RunResult, overrunMs: number, lanes?: Lane[]): string | undefined {
	if (!Number.isFinite(overrunMs)) return undefined;
	const f = fairness(run, lanes);
	if (!f.busy || f.delayMs < overrunMs) return undefined;
	return f.evidence;
}

/** The words every inconclusive result starts with. */
export const TOO_BUSY = 'the machine was too busy to judge this';
