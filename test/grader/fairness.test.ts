// The inconclusive outcome: allowed only when outside evidence says the machine, not the code, was slow.
import { describe, expect, it } from 'vitest';
import { fairness, laneWaitMs, machineExplains } from '../../source/grader/fairness.js';
import { checks, inconclusive, withinBudget } from '../../source/grader/kit.js';
import { parseProcStat } from '../../source/grader/load.js';
import { paceFrom } from '../../source/grader/pace.js';
import type { Lane, MachineLoad, RunResult } from '../../source/grader/spec.js';
import { couldNotJudge, whyUnjudged } from '../../source/grader/report.js';
import { evaluate, type VerifyResult } from '../../source/grader/verify.js';
import { gradingLine } from '../../source/ui/exercise-view.js';
import { toCsv, toJunit, toTable } from '../../source/classroom/formats.js';
import type { ClassReport } from '../../source/classroom/grade.js';
import { fakeRun } from '../helpers/fake-run.js';

const idle: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 40, foreignShare: 0.01, stealMs: 0, graderLagMs: 3 };
const busy: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 2800, foreignShare: 0.7, stealMs: 0, graderLagMs: 180 };

/** A lane sampled every 40 ms for `ms`, with `share` of a core when runnable. */
function lane(name: string, ms: number, share: number, runnable = 1): Lane {
	const samples: Lane['samples'] = [];
	for (let t = 0; t <= ms; t += 40) samples.push([t, t * share, runnable]);
	return { name, pid: 1, tid: name === 'main' ? 1 : 2, cpuMs: ms * share, samples, start: 0 };
}

function run(machine: MachineLoad | undefined, lanes: Lane[], extra: Partial<RunResult['trace']> = {}): RunResult {
	return fakeRun({ ...(machine && { machine }), trace: { lanes, wallMs: 2000, ...extra } });
}

describe('outside evidence of a busy machine', () => {
	it('estimates a lane\'s wait for a core from runnable samples, or takes the sampler\'s schedstat figure', () => {
		expect(laneWaitMs(lane('main', 1000, 0.25))).toBe(750);
		expect(laneWaitMs(lane('main', 1000, 1))).toBe(0);
		expect(laneWaitMs(lane('main', 1000, 0, 0))).toBe(0); // asleep: not waiting for a core
		expect(laneWaitMs({ ...lane('main', 1000, 0.25), waitMs: 12 })).toBe(12);
	});

	it('a run with no outside reading, or on an idle machine, is never the machine\'s fault', () => {
		expect(fairness(run(undefined, [lane('main', 1000, 0.1)])).busy).toBe(false);
		expect(fairness(run(idle, [lane('main', 1000, 0.1)])).busy).toBe(false);
		expect(machineExplains(run(idle, [lane('main', 1000, 0.1)]), 10)).toBeUndefined();
	});

	it('blames the machine only for an overrun no longer than the delays it imposed', () => {
		const starved = run(busy, [lane('main', 2000, 0.25)]); // waited 1500 ms for a core
		expect(machineExplains(starved, 1000)).toMatch(/other programs used 70%/);
		expect(machineExplains(starved, 1600)).toBeUndefined();
		expect(machineExplains(starved, Infinity)).toBeUndefined();
	});

	it('withinBudget: pass within, inconclusive only when the machine explains the overrun, else fail', () => {
		const starved = run(busy, [lane('main', 2000, 0.25)]);
		expect(withinBudget(starved, 900, 1000, 'late')).toBe(true);
		expect(withinBudget(starved, 1800, 1000, 'late')).toMatchObject({ status: 'inconclusive' });
		expect(withinBudget(starved, 5000, 1000, 'late')).toEqual({ status: 'fail', message: 'late' });
		expect(withinBudget(run(idle, [lane('main', 2000, 0.25)]), 1800, 1000, 'late')).toEqual({ status: 'fail', message: 'late' });
		// Never settling is never the machine's doing.
		expect(withinBudget(starved, Infinity, 1000, 'pending')).toEqual({ status: 'fail', message: 'pending' });
	});

	it("keeps each check's smallest margin over its budgets, for bench/idle.mjs (issue 12)", () => {
		const twoBudgets = { id: 'x', title: 'x', timing: true, evaluate: (r: RunResult) => withinBudget(r, 100, 400, 'late') === true && withinBudget(r, 250, 500, 'late') };
		const noBudget = { id: 'y', title: 'y', evaluate: () => true };
		const overBudget = { id: 'z', title: 'z', timing: true, evaluate: (r: RunResult) => withinBudget(r, 900, 300, 'late') };
		const results = evaluate({ run: async () => {}, checks: [twoBudgets, noBudget, overBudget] }, run(idle, [lane('main', 2000, 0.25)]));
		expect(results.find((c) => c.id === 'x')).toMatchObject({ status: 'pass', margin: 2 });
		expect(results.find((c) => c.id === 'y')!.margin).toBeUndefined();
		expect(results.find((c) => c.id === 'z')).toMatchObject({ status: 'fail' });
		expect(results.find((c) => c.id === 'z')!.margin).toBeUndefined();
	});

	it('the grader turns an inconclusive outcome into a fail unless the check is timing and the machine was busy', () => {
		const says = (timing: boolean) => ({ id: 'x', title: 'x', timing, evaluate: () => inconclusive('because') });
		const spec = { run: async () => {}, checks: [says(true), { ...says(false), id: 'y' }] };
		const onBusy = evaluate(spec, run(busy, [lane('main', 2000, 0.25)]));
		expect(onBusy.find((c) => c.id === 'x')!.status).toBe('inconclusive');
		expect(onBusy.find((c) => c.id === 'y')!.status).toBe('fail');
		const onIdle = evaluate(spec, run(idle, [lane('main', 2000, 0.25)]));
		expect(onIdle.find((c) => c.id === 'x')).toMatchObject({ status: 'fail', message: expect.stringMatching(/not busy/) });
	});
});

describe('event loop stalls on a busy machine', () => {
	const check = checks.eventLoopResponsive(150);
	it('a main thread that blocks with work fails, busy machine or not', () => {
		// On a core a third of the time, a 400 ms job stalls the loop 1200 ms: the code's doing.
		const blocker = run(busy, [lane('main', 2000, 0.33)], { maxLoopDelayMs: 1200 });
		expect(check.evaluate(blocker)).toMatchObject({ status: 'fail' });
	});
	it('a main thread that wanted a core but got none for the whole stall is inconclusive', () => {
		const samples: Lane['samples'] = [];
		for (let t = 0; t <= 2000; t += 40) samples.push([t, t < 1000 || t > 1400 ? t * 0.5 : 500 + (t - 1000) * 0.05, 1]);
		const main: Lane = { name: 'main', pid: 1, tid: 1, cpuMs: 900, samples, start: 0 };
		expect(check.evaluate(run(busy, [main], { maxLoopDelayMs: 380 }))).toMatchObject({ status: 'inconclusive' });
		expect(check.evaluate(run(idle, [main], { maxLoopDelayMs: 380 }))).toMatchObject({ status: 'fail' });
	});
	it('a main thread asleep in Atomics.wait is never starved by the machine', () => {
		const asleep = run(busy, [lane('main', 2000, 0, 0)], { maxLoopDelayMs: 900 });
		expect(check.evaluate(asleep)).toMatchObject({ status: 'fail' });
	});
});

describe('the parallelism message', () => {
	it('speaks of lanes busy together, for how long, against what was needed: no CPU ÷ wall figure', () => {
		const parallel = checks.parallelism().evaluate(run(idle, [lane('main', 2000, 0.05), lane('worker 1', 2000, 1), { ...lane('worker 2', 2000, 1), tid: 3 }]));
		expect(parallel).toMatchObject({ status: 'pass' });
		expect((parallel as { message: string }).message).toMatch(/busy at the same time for \d+ ms \(needed: 400 ms\)/);
		const sequential = checks.parallelism().evaluate(
			run(idle, [lane('worker 1', 1000, 1, 0), { ...lane('worker 2', 1000, 1, 0), tid: 3, samples: lane('x', 1000, 1, 0).samples.map(([t, c, r]) => [t + 1000, c, r] as [number, number, number]) }]),
		);
		expect(sequential).toMatchObject({ status: 'fail' });
		for (const outcome of [parallel, sequential]) expect((outcome as { message: string }).message).not.toMatch(/÷/);
	});
});

describe('measurements', () => {
	it('parses /proc/stat: busy includes steal, not idle or iowait', () => {
		const stat = 'cpu  100 0 50 1000 20 5 5 10 0 0\ncpu0 50 0 25 500 10 2 3 5 0 0\ncpu1 50 0 25 500 10 3 2 5 0 0\n';
		expect(parseProcStat(stat)).toEqual({ busyMs: 1700, stealMs: 100, cores: 2 });
	});
	it('pace: wall ÷ CPU of a thread that wanted a core, at least 1', () => {
		expect(paceFrom(40, 10, 30, 10)).toBe(4);
		expect(paceFrom(40, 40, 0, 40)).toBe(1);
		expect(paceFrom(40, undefined, undefined, 20)).toBe(2);
	});
});

describe('inconclusive cells in every format', () => {
	const report: ClassReport = {
		exercises: ['a', 'b'],
		learners: [{ name: 'ada', workspace: '/w', passed: 1, total: 2 }],
		cells: [
			{ learner: 'ada', exercise: 'a', status: 'pass', durationMs: 10 },
			{ learner: 'ada', exercise: 'b', status: 'inconclusive', failedCheck: 'on-time', message: 'could not be judged: busy', durationMs: 20 },
		],
		interrupted: false,
		isolation: 'bubblewrap',
	};
	it('table, CSV and JUnit say inconclusive (never fail)', () => {
		expect(toTable(report)).toMatch(/\? inconclusive/);
		expect(toTable(report)).toMatch(/Could not be judged/);
		expect(toTable(report)).not.toMatch(/Failures:/);
		expect(toCsv(report)).toMatch(/ada,b,inconclusive,on-time/);
		const junit = toJunit(report);
		expect(junit).toMatch(/failures="0" errors="0" skipped="1"/);
		expect(junit).toMatch(/<skipped message="could not be judged: busy" type="inconclusive"\/>/);
	});
});

describe('why a result could not be judged', () => {
	const result = (runs: 'pass' | 'inconclusive', tries = 1): VerifyResult => ({
		exercise: 'a',
		status: 'inconclusive',
		tries,
		checks: [
			{ id: 'runs', title: 'runs', status: runs, message: runs === 'pass' ? '' : 'the sandbox was ended from outside (by SIGKILL), not by your code' },
			{ id: 'on-time', title: 'on time', status: runs === 'pass' ? 'inconclusive' : 'skip', message: '' },
		],
		durationMs: 1,
		seed: 1,
		seeds: [1],
		trace: null,
		output: '',
		phases: { transformMs: 0, graderStartMs: 0, sandboxStartMs: 0, runMs: 0, teardownMs: 0, checksMs: 0 },
		isolation: 'bubblewrap',
	});
	it('a run ended from outside says so, a busy machine says that, in the retry line and the last word', () => {
		expect(whyUnjudged(result('inconclusive'))).toBe('The run was ended from outside, not by your code');
		expect(couldNotJudge(result('inconclusive', 4))).toMatch(/^Could not be judged in 4 tries: the run was ended from outside, not by your code\. This is not a fail/);
		expect(whyUnjudged(result('pass'))).toBe('The machine was too busy to judge this');
		expect(couldNotJudge(result('pass'))).toMatch(/^Could not be judged: the machine was too busy to judge this\. /);
		expect(gradingLine('save', 0, { next: 2, tries: 4, why: whyUnjudged(result('inconclusive')) })).toMatch(/The run was ended from outside, not by your code; grading again \(try 2 of 4\)/);
		expect(gradingLine('save', 0, { next: 2, tries: 4 })).toMatch(/The machine was too busy to judge this; grading again \(try 2 of 4\)/);
	});
});
