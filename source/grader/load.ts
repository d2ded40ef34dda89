// How busy the machine is, measured by the grader process around a run (outside the sandbox): the CPU
// other programs used (/proc/stat minus this run's tree and the grader itself) and how late the grader's
// own timers fire. Feeds fairness.ts through RunResult.machine.
import { readFileSync } from 'node:fs';
import type { MachineLoad } from './spec.js';

interface CpuTimes {
	busyMs: number;
	stealMs: number;
	cores: number;
}

/** Parses /proc/stat: busy (everything but idle and iowait, steal included) and steal, all cores, ms. */
export function parseProcStat(text: string, ticksPerSecond = 100): CpuTimes | undefined {
	const lines = text.split('\n');
	const total = lines.find((line) => line.startsWith('cpu '));
	if (!total) return undefined;
	const f = total.trim().split(/\s+/).slice(1).map(Number);
	const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
	const ms = 1000 / ticksPerSecond;
	return {
		busyMs: (user + nice + system + irq + softirq + steal) * ms,
		stealMs: steal * ms,
		cores: lines.filter((line) => /^cpu\d+ /.test(line)).length || 1,
	};
}

function readCpuTimes(): CpuTimes | undefined {
	try {
		return parseProcStat(readFileSync('/proc/stat', 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * What bubblewrap's own two processes (its monitor and the namespace's init) may cost, as a share of one
 * core: they are not in the run's CPU, and the grader's /proc polling is in its own (process.cpuUsage).
 */
const BWRAP_SHARE = 0.01;

export interface LoadProbe {
	/** Ends the probe; `runCpuMs` is the run tree's own CPU (trace.cpuMs). Undefined where /proc is missing. */
	stop(runCpuMs: number): MachineLoad | undefined;
}

/** Starts measuring: call before the run is asked for, stop when its result is in. */
export function startLoadProbe(): LoadProbe {
	const before = readCpuTimes();
	const ownBefore = process.cpuUsage();
	const started = performance.now();
	let expected = started + 20;
	let lag = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		lag = Math.max(lag, now - expected);
		expected = now + 20;
	}, 20);
	timer.unref();
	return {
		stop(runCpuMs) {
			clearInterval(timer);
			const after = readCpuTimes();
			if (!before || !after) return undefined;
			const wallMs = performance.now() - started;
			const own = process.cpuUsage(ownBefore);
			const ownMs = (own.user + own.system) / 1000;
			const busy = after.busyMs - before.busyMs;
			const foreignCpuMs = Math.max(0, busy - runCpuMs - ownMs - BWRAP_SHARE * wallMs);
			const cores = after.cores;
			return {
				wallMs: Math.round(wallMs),
				cores,
				foreignCpuMs: Math.round(foreignCpuMs),
				foreignShare: Math.round((foreignCpuMs / Math.max(1, wallMs * cores)) * 1000) / 1000,
				stealMs: Math.round(after.stealMs - before.stealMs),
				graderLagMs: Math.round(lag),
			};
		},
	};
}
