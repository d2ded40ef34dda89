// How slow the machine is right now, seen from inside a run: the share of a core this thread actually
// gets while it wants one. Used by check.ts run() functions (through ctx.pace) to size their own waiting
// budgets; verdicts never rest on it (the grader judges with what it measures outside the sandbox).
import { readFileSync } from 'node:fs';

/** This thread's time on a core and waiting for one, ns (/proc/thread-self/schedstat), or undefined off Linux. */
export function ownSchedstat(): { runNs: number; waitNs: number } | undefined {
	try {
		const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
		return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : undefined;
	} catch {
		return undefined;
	}
}

/**
 * wall ÷ CPU of a thread that wanted a core the whole time: 1 when it got one, 3 when it got a third.
 * Pure, for tests: from schedstat deltas when present, else from wall and process CPU.
 */
export function paceFrom(wallMs: number, runMs: number | undefined, waitMs: number | undefined, cpuMs: number): number {
	const pace = runMs !== undefined && waitMs !== undefined && runMs > 0 ? (runMs + waitMs) / runMs : wallMs / Math.max(0.5, cpuMs);
	return Math.round(Math.min(20, Math.max(1, pace)) * 100) / 100;
}

/**
 * Spins in `slices` slices of `sliceMs` (yielding between them, so the event loop is never blocked for
 * longer than one slice) and returns the pace (≥ 1, at most 20).
 */
export async function measurePace(yieldFn: (resolve: () => void) => void, slices = 4, sliceMs = 10): Promise<number> {
	let wall = 0;
	let run = 0;
	let wait = 0;
	let cpu = 0;
	let schedstat = true;
	for (let i = 0; i < slices; i++) {
		const before = ownSchedstat();
		const cpuBefore = process.cpuUsage();
		const start = performance.now();
		let x = 0;
		while (performance.now() - start < sliceMs) x = (x + 1) % 1000003;
		if (x < 0) console.log(x);
		wall += performance.now() - start;
		const used = process.cpuUsage(cpuBefore);
		cpu += (used.user + used.system) / 1000;
		const after = ownSchedstat();
		if (before && after) {
			run += (after.runNs - before.runNs) / 1e6;
			wait += (after.waitNs - before.waitNs) / 1e6;
		} else schedstat = false;
		await new Promise<void>((resolve) => yieldFn(resolve));
	}
	return paceFrom(wall, schedstat ? run : undefined, schedstat ? wait : undefined, cpu);
}

/** Resolves true as soon as `condition()` holds (checked every `everyMs`), false after `timeoutMs`. */
export async function waitFor(
	condition: () => boolean,
	timeoutMs: number,
	sleep: (ms: number) => Promise<void>,
	everyMs = 10,
): Promise<boolean> {
	const start = performance.now();
	for (;;) {
		try {
			if (condition()) return true;
		} catch {
			// a condition that throws is not yet true
		}
		if (performance.now() - start >= timeoutMs) return false;
		await sleep(Math.min(everyMs, Math.max(1, timeoutMs - (performance.now() - start))));
	}
}
