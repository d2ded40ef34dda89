// start-on-event's sleeps-while-waiting, on readings like those of CI's red run (series run 2 on 60c2bdf):
// a spinning wait passed because the grader's sampler, on a busy machine, saw the runners only after the
// wait had begun, and a thread not yet seen counts as idle. A pass needs every runner watched through its
// wait; without that, a busy machine makes it inconclusive, and otherwise it fails.
import { describe, expect, it } from 'vitest';
import type { MachineLoad } from '../../source/grader/spec.js';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { racePlan } from '../../lessons/09-communication/02-start-on-event/check.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'start-on-event')!;
const SEED = 7;
const busy: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 2000, foreignShare: 0.5, stealMs: 0, graderLagMs: 0 };

/** The runners' lanes, each sampled from `firstAt` to 1500 ms, using `cpuShare` of a core. */
async function sleepsWhileWaiting(firstAt: number, cpuShare: number, machine?: MachineLoad) {
	const spec = await loadSpec(exercise);
	const { runners } = racePlan(SEED);
	const samples = (from: number): Array<[number, number, number]> =>
		Array.from({ length: Math.floor((1500 - from) / 50) + 1 }, (_, i) => [from + 50 * i, 50 * i * cpuShare, 0]);
	const lanes = Array.from({ length: runners }, (_, i) => ({ name: `worker ${i + 1}`, pid: 1, tid: 10 + i, threadId: i + 1, cpuMs: 0, samples: samples(firstAt), start: firstAt }));
	const run = fakeRun({
		seed: SEED,
		machine,
		trace: {
			events: [
				{ t: 400, type: 'mark', label: 'all ready' },
				{ t: 1000, type: 'mark', label: 'event set' },
			],
			lanes,
			wallMs: 2000,
		},
	});
	return evaluate(spec, run).find((r) => r.id === 'sleeps-while-waiting')!;
}

describe('start-on-event: sleeps-while-waiting needs the runners watched through their wait', () => {
	it('passes sleeping runners watched from before the wait to its end', async () => {
		expect((await sleepsWhileWaiting(100, 0)).status).toBe('pass');
	});

	it('fails runners that used a core while watched', async () => {
		expect((await sleepsWhileWaiting(100, 1)).status).toBe('fail');
	});

	it('does not pass runners first seen after the event was set: inconclusive on a busy machine, a fail otherwise', async () => {
		const late = await sleepsWhileWaiting(1050, 1, busy);
		expect(late.status).toBe('inconclusive');
		expect(late.message).toContain(`the grader watched only 0 of the ${racePlan(SEED).runners} runners`);
		expect((await sleepsWhileWaiting(1050, 1)).status).toBe('fail');
	});
});
