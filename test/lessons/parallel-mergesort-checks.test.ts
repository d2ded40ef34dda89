// parallel-mergesort's equal-slices on readings like those of CI's red run (f105e32): the grader's sampler,
// held up by another variant's checks in the same process, never saw a worker that sorted. That is the
// grader's blindness, not fewer workers: inconclusive when the sampler was late for as long as the worker
// lived on a busy machine, a fail otherwise. And a variant whose named check was left unjudged is graded
// again rather than counted by another check's fail (namedUnjudged).
import { describe, expect, it } from 'vitest';
import { namedUnjudged } from '../../source/grader/pack-check.js';
import type { CheckResult } from '../../source/grader/verify.js';
import type { MachineLoad, RunResult } from '../../source/grader/spec.js';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';

const exercise = findExercise(loadPack(), 'parallel-mergesort')!;

/** Two workers created and ended within the call; the sampler saw only the first. */
async function equalSlices(machine: MachineLoad | undefined) {
	const spec = await loadSpec(exercise);
	const lane = (name: string, threadId: number | undefined, cpuMs: number) => ({ name, pid: 1, tid: threadId ?? 1, threadId, cpuMs, samples: [[100, 0, 1], [900, cpuMs, 1]] as Array<[number, number, number]>, start: 100 });
	const run: RunResult = {
		seed: 7,
		end: { kind: 'done' },
		values: {},
		leaks: { workers: 0, processes: 0, detail: '' },
		output: '',
		machine,
		trace: {
			events: [
				{ t: 0, type: 'mark', label: 'call' },
				{ t: 10, type: 'worker-created', threadId: 1 },
				{ t: 11, type: 'worker-created', threadId: 2 },
				{ t: 900, type: 'worker-exit', threadId: 1, code: 0 },
				{ t: 905, type: 'worker-exit', threadId: 2, code: 0 },
				{ t: 1000, type: 'mark', label: 'returned' },
			],
			lanes: [lane('main', undefined, 300), lane('worker 1', 1, 800)],
			cpuMs: 1100,
			wallMs: 1100,
			maxLoopDelayMs: 0,
			workers: { started: 2, maxAlive: 2 },
			processes: { started: 0, maxAlive: 0 },
			cores: 2,
		},
	};
	return evaluate(spec, run).find((r) => r.id === 'equal-slices')!;
}

const busy = (graderLagMs: number): MachineLoad => ({ wallMs: 1100, cores: 2, foreignCpuMs: 1100, foreignShare: 0.5, stealMs: 0, graderLagMs });

describe('parallel-mergesort: a worker the grader never saw', () => {
	it('is inconclusive on a busy machine when the sampler was held up for as long as the worker lived', async () => {
		const result = await equalSlices(busy(1200));
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('never saw worker 2');
	});

	it('fails when the sampler was not late enough to miss it, or the machine was not busy', async () => {
		for (const machine of [busy(100), { ...busy(1200), foreignCpuMs: 0, foreignShare: 0 }, undefined]) {
			const result = await equalSlices(machine);
			expect(result.status).toBe('fail');
			expect(result.message).toBe('fewer than two workers sorted');
		}
	});
});

describe('lessons check: a known-wrong variant is judged on its own check', () => {
	const check = (id: string, status: CheckResult['status']) => ({ id, status }) as CheckResult;
	it('grades again while the named check is inconclusive and none of the named failed', () => {
		const checks = [check('equal-slices', 'fail'), check('main-thread-merges-only', 'inconclusive')];
		expect(namedUnjudged({ checks }, ['main-thread-merges-only'])).toBe(true);
		expect(namedUnjudged({ checks }, ['equal-slices'])).toBe(false);
		expect(namedUnjudged({ checks: [check('total', 'inconclusive'), check('one-at-a-time', 'fail')] }, ['total', 'one-at-a-time'])).toBe(false);
		expect(namedUnjudged({ checks: [check('total', 'pass')] }, ['total'])).toBe(false);
	});
});
