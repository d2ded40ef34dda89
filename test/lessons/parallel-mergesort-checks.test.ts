// parallel-mergesort's equal-slices on readings like those of CI's red run (f105e32): the grader's sampler,
// held up by another variant's checks in the same process, never saw a worker that sorted. That is the
// grader's blindness, not fewer workers: inconclusive when the sampler did not look once while the worker
// lived on a busy machine, a fail otherwise. And a variant whose named check was left unjudged is graded
// again rather than counted by another check's fail (namedUnjudged). And main-thread-merges-only fails a
// main thread that sorted a slice's worth of numbers or more with a built-in sort, however little CPU it took.
import { describe, expect, it } from 'vitest';
import { namedUnjudged } from '../../source/grader/pack-check.js';
import type { CheckResult } from '../../source/grader/verify.js';
import type { MachineLoad } from '../../source/grader/spec.js';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'parallel-mergesort')!;

/**
 * Two workers created and ended within the call; the sampler saw only the first. By default its looks were
 * at 5, 400 and 900 ms: none while worker 2 lived (11 to 390 ms).
 */
async function checkOf(id: string, machine: MachineLoad | undefined, values: Record<string, unknown> = {}, looks = [5, 400, 900]) {
	const spec = await loadSpec(exercise);
	const lane = (name: string, threadId: number | undefined, cpuMs: number) => ({
		name,
		pid: 1,
		tid: threadId ?? 1,
		threadId,
		cpuMs,
		samples: looks.filter((t) => name === 'main' || t > 10).map((t) => [t, (cpuMs * t) / 900, 1]) as Array<[number, number, number]>,
		start: looks[0]!,
	});
	const run = fakeRun({
		seed: 7,
		values,
		machine,
		trace: {
			events: [
				{ t: 0, type: 'mark', label: 'call' },
				{ t: 10, type: 'worker-created', threadId: 1 },
				{ t: 11, type: 'worker-created', threadId: 2 },
				{ t: 390, type: 'worker-exit', threadId: 2, code: 0 },
				{ t: 905, type: 'worker-exit', threadId: 1, code: 0 },
				{ t: 1000, type: 'mark', label: 'returned' },
			],
			lanes: [lane('main', undefined, 300), lane('worker 1', 1, 800)],
			cpuMs: 1100,
			wallMs: 1100,
			workers: { started: 2, maxAlive: 2 },
		},
	});
	return evaluate(spec, run).find((r) => r.id === id)!;
}
const equalSlices = (machine: MachineLoad | undefined, looks?: number[]) => checkOf('equal-slices', machine, {}, looks);

const busy = (graderLagMs: number): MachineLoad => ({ wallMs: 1100, cores: 2, foreignCpuMs: 1100, foreignShare: 0.5, stealMs: 0, graderLagMs });

describe('parallel-mergesort: a worker the grader never saw', () => {
	it('is inconclusive on a busy machine when the sampler did not look once while the worker lived', async () => {
		const result = await equalSlices(busy(355));
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('did not look once while worker 2 ran');
	});

	it('fails when the sampler looked while the worker lived, or the machine was not busy', async () => {
		// A look at 200 ms would have found worker 2's thread, however late its thread line was read.
		for (const [machine, looks] of [[busy(355), [5, 200, 400, 900]], [{ ...busy(355), foreignCpuMs: 0, foreignShare: 0 }], [undefined]] as const) {
			const result = await equalSlices(machine, looks && [...looks]);
			expect(result.status).toBe('fail');
			expect(result.message).toBe('fewer than two workers sorted (the grader saw 1 of the 2 workers run)');
		}
	});
});

describe('parallel-mergesort: the main thread sorting with a built-in sort', () => {
	const mergesOnly = (call: number, small: number) => checkOf('main-thread-merges-only', undefined, { 'main-sorts': { call, small } });
	it('fails when one sort took more numbers than a slice holds, in either call', async () => {
		for (const [call, small] of [[20_000_000, 0], [0, 2_000_000]] as const) {
			const result = await mergesOnly(call, small);
			expect(result.status).toBe('fail');
			expect(result.message).toContain(`called sort() on ${Math.max(call, small).toLocaleString('en')} numbers`);
		}
	});

	it('leaves small sorts, and a main thread within its CPU share, alone', async () => {
		expect((await mergesOnly(4, 3)).status).toBe('pass');
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
