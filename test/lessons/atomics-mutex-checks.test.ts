// atomics-mutex's waiter-sleeps reads the waiter's CPU at the sampler's last look. A busy machine's sampler
// can lose sight of a thread for seconds: a spinning waiter last looked at early in its wait then shows little
// CPU and too few looks for the runnable rule. That wait is not watched, so it decides nothing: inconclusive.
import { describe, expect, it } from 'vitest';
import type { Lane, MachineLoad, RunResult } from '../../source/grader/spec.js';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'atomics-mutex')!;
const busy: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 2000, foreignShare: 0.5, stealMs: 0, graderLagMs: 0 };

/**
 * A waiter that calls lock() at 100 ms and is unlocked at 700 ms, looked at every 40 ms up to `lastLook`,
 * gone by the look at 740 ms; `tailMs`: what the sampler could tell it used after its last look.
 */
async function waiterSleeps(spins: boolean, lastLook: number, machine?: MachineLoad, tailMs?: number) {
	const spec = await loadSpec(exercise);
	const events: RunResult['trace']['events'] = [
		{ t: 100, type: 'mark', label: 'waiter calls lock()' },
		{ t: 700, type: 'mark', label: 'holder calls unlock()' },
	];
	const samples: Lane['samples'] = [];
	for (let t = 60; t <= lastLook; t += 40) samples.push([t, spins ? Math.max(20, t - 80) : 20, spins ? 1 : 0]);
	const lane: Lane = { name: 'waiter', pid: 1, tid: 11, threadId: 7, cpuMs: samples.at(-1)?.[1] ?? 0, samples, start: 60, end: 740, tailMs };
	const run = fakeRun({ machine, values: { waiterThread: 7 }, trace: { events, lanes: [lane], wallMs: 2000 } });
	return evaluate(spec, run).find((r) => r.id === 'waiter-sleeps')!;
}

describe('atomics-mutex: waiter-sleeps judges only a wait the grader watched', () => {
	it('passes a sleeping waiter watched through its wait', async () => {
		expect((await waiterSleeps(false, 700, busy)).status).toBe('pass');
	});

	it('fails a spinning waiter watched through its wait, however busy the machine', async () => {
		expect((await waiterSleeps(true, 700, busy)).status).toBe('fail');
	});

	it('is inconclusive, not a pass, when a busy machine last looked at a spinning waiter early in its wait', async () => {
		const result = await waiterSleeps(true, 180, busy);
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('only 2 times in its 600 ms wait, so it may have used up to 600 ms of CPU in it');
	});

	it('fails the same readings on a quiet machine', async () => {
		expect((await waiterSleeps(true, 180)).status).toBe('fail');
	});

	it('passes a waiter last looked at early when what it used after that look is known to be little', async () => {
		expect((await waiterSleeps(false, 180, busy, 60)).status).toBe('pass');
	});
});
