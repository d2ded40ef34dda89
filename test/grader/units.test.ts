import { describe, expect, it } from 'vitest';
import { findDeadlock } from '../../source/grader/deadlock.js';
import { explore } from '../../source/grader/explore.js';
import { decide } from '../../source/grader/sandbox/end.js';
import { RunState } from '../../source/grader/sandbox/state.js';
import { checks, cpuAtMost, cpuBetween, cpuBounds, cpuWithin, diff, overlapMs } from '../../source/grader/kit.js';
import type { Lane, RunResult, TraceEvent } from '../../source/grader/spec.js';
import { fakeRun as run } from '../helpers/fake-run.js';

const lane = (name: string, samples: Lane['samples']): Lane => ({ name, pid: 1, tid: 2, cpuMs: samples.at(-1)?.[1] ?? 0, samples, start: 0 });

const evaluate = (check: ReturnType<typeof checks.equal>, r: RunResult) => check.evaluate(r) as { status: string; message: string };

describe('diff', () => {
	it('names the first differing index', () => {
		expect(diff([1, 2, 3], [1, 5, 3])).toBe('at [1]: expected 2, got 5');
		expect(diff([1, 2], [1])).toMatch(/too short/);
		expect(diff({ a: { b: 1 } }, { a: { b: 2 } })).toBe('at .a.b: expected 1, got 2');
	});
});

describe('overlapMs', () => {
	const busy = (from: number, to: number): Array<[number, number]> => {
		const samples: Array<[number, number]> = [];
		for (let t = 0; t <= 1000; t += 50) samples.push([t, Math.max(0, Math.min(t, to) - from)]);
		return samples;
	};
	it('counts windows where two lanes were busy together', () => {
		expect(overlapMs([lane('worker 1', busy(0, 600)), lane('worker 2', busy(0, 600))])).toBeGreaterThanOrEqual(500);
	});
	it('is zero for lanes busy one after the other', () => {
		expect(overlapMs([lane('worker 1', busy(0, 400)), lane('worker 2', busy(500, 900))])).toBe(0);
	});
	it('is zero for lanes taking turns on one core, however finely', () => {
		// Each lane runs 50 ms, then waits 50 ms while the other runs: both look busy in every window.
		const turns = (offset: number): Array<[number, number]> => {
			const samples: Array<[number, number]> = [];
			let cpu = 0;
			for (let t = 0; t <= 1000; t += 10) {
				samples.push([t, cpu]);
				if (Math.floor((t + offset) / 50) % 2 === 0) cpu += 10;
			}
			return samples;
		};
		expect(overlapMs([lane('worker 1', turns(0)), lane('worker 2', turns(50))])).toBe(0);
	});
	it('is zero for a worker that starts up, then sleeps while the other works', () => {
		// Read at a two-ticket-checkers wrong solution on a busy machine: the sampler first saw both at 270 ms,
		// the waiting one with its 50 ms of start-up. Counted from 0, that start-up made 200–400 look shared.
		const working: Array<[number, number, number]> = [];
		const waiting: Array<[number, number, number]> = [];
		for (let t = 270; t <= 1200; t += 40) {
			working.push([t, Math.min(t, 770) - 190, t <= 770 ? 1 : 0]);
			waiting.push([t, 50 + Math.max(0, t - 770), t <= 770 ? 0 : 1]);
		}
		expect(overlapMs([lane('worker 1', working), lane('worker 2', waiting)])).toBe(0);
	});
});

describe('checks', () => {
	it('equal passes and fails with a diff', () => {
		const check = checks.equal('sum', 'sum', 'sum', 6);
		expect(evaluate(check, run({ values: { sum: 6 } })).status).toBe('pass');
		expect(evaluate(check, run({ values: { sum: 7 } }))).toEqual({ status: 'fail', message: 'expected 6, got 7' });
		expect(evaluate(check, run({})).message).toMatch(/never produced "sum"/);
	});
	it('equal says a pass in words, never as a cut JSON dump (issue 18, item 13g)', () => {
		const numbers = Array.from({ length: 50 }, (_, index) => index);
		const check = checks.equal('order', 'keeps the order', 'order', numbers);
		expect(evaluate(check, run({ values: { order: numbers } }))).toEqual({ status: 'pass', message: 'as expected' });
	});
	it('workers bounds', () => {
		const check = checks.workers({ atMost: 4, minAtOnce: 2 });
		expect(evaluate(check, run({ trace: { workers: { started: 4, maxAlive: 4 } } })).status).toBe('pass');
		expect(evaluate(check, run({ trace: { workers: { started: 200, maxAlive: 8 } } })).message).toMatch(/expected at most 4/);
		expect(evaluate(check, run({ trace: { workers: { started: 3, maxAlive: 1 } } })).message).toMatch(/only 1 worker alive at once/);
	});
	it('parallelism falls back to lifetimes on one core', () => {
		const events: TraceEvent[] = [
			{ t: 0, type: 'worker-online', threadId: 1 },
			{ t: 10, type: 'worker-online', threadId: 2 },
			{ t: 500, type: 'worker-exit', threadId: 1, code: 0 },
			{ t: 600, type: 'worker-exit', threadId: 2, code: 0 },
		];
		expect(evaluate(checks.parallelism(), run({ trace: { cores: 1, events } })).status).toBe('pass');
		expect(evaluate(checks.parallelism(), run({ trace: { cores: 1, events: events.slice(0, 1) } })).status).toBe('fail');
	});
	it('eventLoopResponsive', () => {
		expect(evaluate(checks.eventLoopResponsive(100), run({ trace: { maxLoopDelayMs: 40 } })).status).toBe('pass');
		expect(evaluate(checks.eventLoopResponsive(100), run({ trace: { maxLoopDelayMs: 900 } })).message).toMatch(/blocked for 900 ms/);
	});
	it('noLeaks', () => {
		expect(evaluate(checks.noLeaks(), run({})).status).toBe('pass');
		expect(evaluate(checks.noLeaks(), run({ leaks: { workers: 2, processes: 0, detail: '2 workers still running' } })).message).toMatch(/2 workers/);
	});
});

describe('deadlock detection', () => {
	const e = (t: number, type: 'lock-wait' | 'lock-acquired' | 'lock-released', threadId: number, lock: string): TraceEvent => ({ t, type, threadId, pid: 9, lock });
	it('reports who holds and waits for what', () => {
		const events = [e(1, 'lock-acquired', 1, 'A'), e(2, 'lock-acquired', 2, 'B'), e(3, 'lock-wait', 1, 'B'), e(4, 'lock-wait', 2, 'A')];
		expect(findDeadlock(events, 9)).toEqual(['worker 1 holds A and waits for B', 'worker 2 holds B and waits for A']);
	});
	it('finds none when locks are released', () => {
		const events = [e(1, 'lock-acquired', 1, 'A'), e(2, 'lock-wait', 2, 'A'), e(3, 'lock-released', 1, 'A'), e(4, 'lock-acquired', 2, 'A')];
		expect(findDeadlock(events, 9)).toBeUndefined();
	});
});

describe('explore', () => {
	it('finds the lost update among every order of two read-modify-writes', async () => {
		const outcomes = await explore(async (scheduler) => {
			let counter = 0;
			const increment = async () => {
				const value = await scheduler.op('read', () => counter);
				await scheduler.op('write', () => void (counter = value + 1));
			};
			await Promise.all([increment(), increment()]);
			return counter;
		}, 1);
		expect(outcomes.length).toBe(6); // 4!/(2!2!) interleavings of two 2-step sequences
		expect(outcomes.map((o) => o.value)).toContain(1);
		expect(outcomes.map((o) => o.value)).toContain(2);
	});
	it('reports a scenario that waits forever as stuck', async () => {
		const outcomes = await explore(async () => new Promise<never>(() => {}), 1);
		expect(outcomes).toEqual([{ order: [], stuck: true }]);
	});
});

describe('findTree without isolation', () => {
	it('finds a stray that left the tree with an empty environment by the run folder it works in', async () => {
		const { spawn } = await import('node:child_process');
		const { mkdtempSync, rmSync, realpathSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const path = await import('node:path');
		const { findTree } = await import('../../source/grader/proc.js');
		const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'conc-tutor-strays-')));
		// The run "began" at boot (start time 0); this test process is not part of it (the stray is its child).
		const known = new Map<number, number>([[-1, 0]]);
		// Detached, no environment at all, not a descendant of the root passed below.
		const stray = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: dir, env: {}, detached: true, stdio: 'ignore' });
		try {
			await new Promise((resolve) => stray.once('spawn', resolve));
			const strays = { env: 'CONC_TUTOR_RUN=not-set-here', dir };
			// Checked first: a stray found once is remembered in `known`.
			expect(findTree([], { ...strays, dir: path.join(dir, 'elsewhere') }, known).has(stray.pid!)).toBe(false);
			expect(findTree([], strays, known).has(stray.pid!)).toBe(true);
		} finally {
			stray.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('when a run is over (decide)', () => {
	const limits = { timeoutMs: 4000, heapMb: 512, rssMb: 1024, maxWorkers: 24, maxProcesses: 16, outputBytes: 1 << 20 };
	const over = (sampled: { processes: number; rssMb: number }) => {
		const state = new RunState('nonce', limits, () => 0, new Map(), () => {});
		const sampler = { processes: sampled.processes, rssKb: sampled.rssMb * 1024, tree: new Set([1]), scanned: true };
		decide({ state, sampler: sampler as never, limits, factor: 1, exited: undefined, resultEnded: false, now: 100 });
		return state.end;
	};

	it('names the process count when one poll sees too many processes and the memory they hold together', () => {
		// Seen on a busy machine: forty processes were first sampled when they already held 1.6 GB.
		expect(over({ processes: 40, rssMb: 1600 })).toMatchObject({ limit: 'processes', detail: 'started more than 16 processes (the limit)' });
	});

	it('names memory when the processes are within the limit', () => {
		expect(over({ processes: 1, rssMb: 1600 })).toMatchObject({ limit: 'memory' });
		expect(over({ processes: 16, rssMb: 100 })).toBeUndefined();
	});
});

describe('CPU a lane used at most (cpuAtMost)', () => {
	// A main thread that sorted 3 s of CPU from 200 ms on, first sampled at 3.5 s by a starved sampler.
	const late: Lane['samples'] = [
		[3500, 3300],
		[3540, 3340],
		[9000, 3600],
	];

	it('counts what the samples cannot place as inside the window, where cpuBetween counts it as nothing', () => {
		expect(cpuBetween(late, 200, 3400)).toBe(0);
		expect(cpuAtMost(late, 200, 3540)).toBe(3340);
	});

	it('but never more than the wall time before the first sample: one thread uses at most one core', () => {
		expect(cpuAtMost(late, 200, 3400)).toBe(3200);
		expect(cpuAtMost(late, 3450, 3540)).toBe(50 + 40);
	});

	it('agrees with cpuBetween when the samples cover the window, and knows nothing of a lane never sampled', () => {
		const covered: Lane['samples'] = [
			[0, 100],
			[1000, 600],
			[2000, 1100],
		];
		expect(cpuAtMost(covered, 500, 1500)).toBe(cpuBetween(covered, 500, 1500));
		// Never sampled: it can have used one core for the whole window, no more.
		expect(cpuAtMost([], 200, 1000)).toBe(800);
	});
});

describe('the least and the most CPU a lane can have used (cpuBounds)', () => {
	// Looked at 0 and 1000 ms (500 ms of CPU between), then last at 1040 ms; gone by the look at 2000 ms.
	const samples: Lane['samples'] = [
		[0, 100],
		[1000, 600],
		[1040, 640],
	];

	it('places the CPU between two looks nowhere in particular: any of it may fall in the window, only what cannot fall outside must', () => {
		// 500 ms in a 1000 ms gap: a 300 ms window may hold all 300 and must hold none; a 700 ms one must hold 200.
		expect(cpuBounds({ samples }, 100, 400)).toEqual([0, 300]);
		expect(cpuBounds({ samples }, 100, 800)).toEqual([200, 500]);
	});

	it('counts after the last look what the sampler bound from the process, or else all the wall time left', () => {
		expect(cpuBounds({ samples, end: 2000 }, 1040, 3000)).toEqual([0, 960]);
		expect(cpuBounds({ samples, end: 2000, tailMs: 50 }, 1040, 3000)).toEqual([0, 50]);
	});

	it('counts before the first look at most its reading, and no more than the wall time there', () => {
		expect(cpuBounds({ samples: [[500, 100]] , tailMs: 0 }, 0, 1000)).toEqual([0, 100]);
		expect(cpuBounds({ samples: [[500, 400]], tailMs: 0 }, 300, 1000)).toEqual([0, 200]);
		expect(cpuBounds({ samples: [] }, 200, 1000)).toEqual([0, 800]);
	});
});

describe('a rule "the main thread used at most" (cpuWithin)', () => {
	const over = (ms: number) => `the main thread used ${ms} ms`;
	// The main thread used 300 ms in the call [100, 500]: seen from the start, or first seen at 400 ms.
	const seen = lane('main', [
		[40, 50],
		[100, 60],
		[500, 360],
	]);
	const late = lane('main', [
		[400, 285],
		[500, 360],
	]);
	const busy = { wallMs: 1000, cores: 2, foreignCpuMs: 1200, foreignShare: 0.6, stealMs: 0, graderLagMs: 300 };
	const idle = { ...busy, foreignCpuMs: 0, foreignShare: 0, graderLagMs: 0 };

	it('returns the CPU when within the rule, and fails when even the least it can have used is over', () => {
		expect(cpuWithin(run({}), seen, 100, 500, 400, over)).toBe(300);
		expect(cpuWithin(run({}), seen, 100, 500, 200, over)).toEqual({ status: 'fail', message: 'the main thread used 300 ms' });
	});

	it('when the sampler first saw the thread inside the call: inconclusive on a busy machine, the most counts on an idle one', () => {
		expect(cpuWithin(run({ machine: busy }), late, 100, 500, 200, over)).toMatchObject({ status: 'inconclusive' });
		expect(cpuWithin(run({ machine: idle }), late, 100, 500, 200, over)).toEqual({ status: 'fail', message: 'the main thread used 360 ms' });
		expect(cpuWithin(run({ machine: busy }), late, 100, 500, 60, over)).toEqual({ status: 'fail', message: 'the main thread used 75 ms' });
	});

	it('a thread the sampler never saw: within the rule if the call was short enough, never "Infinity ms"', () => {
		const unseen = lane('main', []);
		expect(cpuWithin(run({ machine: idle }), unseen, 100, 300, 400, over)).toBe(200);
		expect(cpuWithin(run({ machine: busy }), unseen, 100, 500, 200, over)).toMatchObject({ status: 'inconclusive', message: expect.stringContaining('never saw the main thread in the call') });
		expect(cpuWithin(run({ machine: idle }), unseen, 100, 500, 200, over)).toEqual({ status: 'fail', message: 'the main thread used 400 ms' });
	});
});
