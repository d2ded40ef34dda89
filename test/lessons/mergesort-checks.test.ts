// parallel-mergesort's equal-slices on readings like those of CI's red run (series attempt 8, run 2): the
// known-wrong lopsided-split passed it because a busy machine's sampler last looked at the big slice's
// worker early in its life, so every worker seemed to have used little CPU. A worker's CPU is now known
// only up to the sampler's last look; what it may have used after that decides nothing on a busy machine.
import { describe, expect, it } from 'vitest';
import type { Lane, MachineLoad, RunResult } from '../../source/grader/spec.js';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'parallel-mergesort')!;
const busy: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 2000, foreignShare: 0.5, stealMs: 0, graderLagMs: 0 };

/** Workers each alive from 100 ms to their exit, using all the CPU they live, last looked at at `lastLook`. */
async function equalSlices(workers: Array<{ exit: number; lastLook: number }>, machine?: MachineLoad) {
	const spec = await loadSpec(exercise);
	const events: RunResult['trace']['events'] = [{ t: 50, type: 'mark', label: 'call' }];
	const lanes: Lane[] = workers.map(({ exit, lastLook }, i) => {
		events.push({ t: 60, type: 'worker-created', threadId: i + 1, file: 'sort-worker.js' });
		events.push({ t: 100, type: 'worker-online', threadId: i + 1 });
		events.push({ t: exit, type: 'worker-exit', threadId: i + 1, code: 0 });
		const samples: Lane['samples'] = [];
		for (let t = 140; t <= lastLook; t += 40) samples.push([t, t - 100, 1]);
		return { name: `worker ${i + 1}`, pid: 1, tid: 10 + i, threadId: i + 1, cpuMs: samples.at(-1)?.[1] ?? 0, samples, start: 140 };
	});
	events.push({ t: Math.max(...workers.map((w) => w.exit)) + 10, type: 'mark', label: 'returned' });
	const run = fakeRun({ machine, trace: { events, lanes, wallMs: 2000 } });
	return evaluate(spec, run).find((r) => r.id === 'equal-slices')!;
}

describe('parallel-mergesort: equal-slices judges only the CPU the grader saw', () => {
	it('passes equal workers watched to their end', async () => {
		expect((await equalSlices([{ exit: 900, lastLook: 900 }, { exit: 920, lastLook: 900 }])).status).toBe('pass');
	});

	it('fails a lopsided split watched to its end, however busy the machine', async () => {
		const result = await equalSlices([{ exit: 150, lastLook: 140 }, { exit: 1500, lastLook: 1500 }], busy);
		expect(result.status).toBe('fail');
		expect(result.message).toContain('split the array into slices of nearly equal size');
	});

	it('is inconclusive, not a pass, when a busy machine last looked at the big worker early', async () => {
		const result = await equalSlices([{ exit: 200, lastLook: 180 }, { exit: 1500, lastLook: 180 }], busy);
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('its CPU is not known');
	});
});
