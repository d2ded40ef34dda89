// two-ticket-checkers' parallelism on readings like those of CI's red runs (flaky test, two spinners and
// a neighbour): a correct pair of checkers showed "busy at the same time for only 0 ms" because the
// grader's sampler, late on a busy machine, hardly looked at them. That is inconclusive; a pair seen
// taking turns, or any shortfall on a quiet machine, is still a fail.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lane, MachineLoad, RunResult } from '../../source/grader/spec.js';
import { evaluate, loadSpec, verifyDir } from '../../source/grader/verify.js';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'two-ticket-checkers')!;
const busy: MachineLoad = { wallMs: 2000, cores: 2, foreignCpuMs: 2000, foreignShare: 0.5, stealMs: 0, graderLagMs: 0 };

type Look = (t: number) => [cpu: number, runnable: number] | undefined;

/** Two calls, each with two workers alive together from +50 to +550 ms; `look` gives each worker's samples. */
async function parallelism(looks: [Look, Look], machine?: MachineLoad) {
	const spec = await loadSpec(exercise);
	const events: RunResult['trace']['events'] = [];
	const lanes: Lane[] = [];
	for (const call of [0, 1]) {
		const t0 = call * 1000;
		events.push({ t: t0, type: 'mark', label: `called ${call + 1}` });
		for (const k of [0, 1]) {
			const id = 2 * call + k + 1;
			events.push({ t: t0 + 1, type: 'worker-created', threadId: id, file: 'checker-worker.js' });
			events.push({ t: t0 + 50, type: 'worker-online', threadId: id });
			events.push({ t: t0 + 550, type: 'worker-exit', threadId: id, code: 0 });
			const samples: Lane['samples'] = [];
			for (let t = 40; t <= 560; t += 40) {
				const sample = looks[k]!(t);
				if (sample) samples.push([t0 + t, ...sample]);
			}
			lanes.push({ name: `worker ${id}`, pid: 1, tid: 10 + id, threadId: id, cpuMs: samples.at(-1)?.[1] ?? 0, samples, start: t0 + 50 });
		}
		events.push({ t: t0 + 560, type: 'mark', label: `returned ${call + 1}` });
	}
	const run = fakeRun({ machine, trace: { events, lanes, wallMs: 2000 } });
	return evaluate(spec, run).find((r) => r.id === 'parallelism')!;
}

/** Sampled every 40 ms, wanting a core all the time and getting a third of one. */
const working: Look = (t) => [t / 3, 1];
/** Looked at only before it came online and after it had exited, at a third of a core in between. */
const unwatched: Look = (t) => (t === 40 ? [0, 1] : t === 560 ? [173, 0] : undefined);
/** Wanting a core all the time, but given so little that it never got past its start-up (50 ms of CPU). */
const starting: Look = (t) => [t / 20, 1];
/** Asleep until the other is done, then working: one checker waiting for the other. */
const waiting: Look = (t) => (t < 400 ? [10, 0] : [(t - 400) / 3, 1]);

describe('two-ticket-checkers: parallelism blames the machine only on evidence', () => {
	it('passes two workers seen wanting a core together', async () => {
		expect((await parallelism([working, working], busy)).status).toBe('pass');
	});

	it('is inconclusive when a busy machine kept the grader from looking at workers alive together', async () => {
		const result = await parallelism([unwatched, unwatched], busy);
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('both were started 549 ms before the first ended, and the grader could look at both for only');
	});

	it('fails the same readings on a quiet machine', async () => {
		expect((await parallelism([unwatched, unwatched])).status).toBe('fail');
	});

	it('is inconclusive when a busy machine starved one worker\'s start-up while the other worked (CI, 2026-12-05)', async () => {
		const result = await parallelism([working, starting], busy);
		expect(result.status).toBe('inconclusive');
		expect(result.message).toContain('both wanted a core while one was still starting');
		expect((await parallelism([working, starting])).status).toBe('fail');
	});

	it('fails workers seen taking turns, however busy the machine', async () => {
		const result = await parallelism([working, waiting], busy);
		expect(result.status).toBe('fail');
		expect(result.message).toContain('start both before waiting for either');
	});
});

describe('two-ticket-checkers: the grader runs its own checker-worker', () => {
	it('tells a learner who passes the queue in another shape what its worker takes', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-test-'));
		try {
			assembleExercise(exercise, dir, 'solution');
			const theatre = path.join(dir, 'theatre.ts');
			writeFileSync(theatre, readFileSync(theatre, 'utf8').replace('{ workerData: queue }', '{ workerData: { queue } }'));
			const result = await verifyDir(exercise, dir, { seed: 1 });
			expect(result.status).toBe('fail');
			expect(JSON.stringify(result)).toContain('takes its queue itself as workerData, an array of tickets ({ workerData: queue }); it was given an object with queue');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);
});
