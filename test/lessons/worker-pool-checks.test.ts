// worker-pool-class's no-idle-worker, on hand-offs like those a run records: a worker that answers while
// tasks wait must be handed the next one in the same turn of the event loop; a dispatcher that looks on a
// timer hands it out turns later, however short its timer.
import { describe, expect, it } from 'vitest';
import { evaluate, loadSpec } from '../../source/grader/verify.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import { fakeRun } from '../helpers/fake-run.js';

const exercise = findExercise(loadPack(), 'worker-pool-class')!;

type Kind = 'queued' | 'answer' | 'post';
/** "q1 p1 a5 p5": queued in turn 1, posted in turn 1, an answer in turn 5, a post in turn 5. */
const handoffs = (text: string) =>
	text.split(' ').map((h) => ({ kind: ({ q: 'queued', a: 'answer', p: 'post' } as const)[h[0] as 'q' | 'a' | 'p'] as Kind, turn: Number(h.slice(1)) }));

async function noIdleWorker(text: string) {
	const spec = await loadSpec(exercise);
	const pool = { peak: 2, gate: 1, gateDone: 3, log: [], close: 'resolved', pendingAtClose: [] };
	return evaluate(spec, fakeRun({ values: { pools: [pool, pool, pool], handoffs: handoffs(text) } })).find((r) => r.id === 'no-idle-worker')!;
}

describe('worker-pool-class: no-idle-worker counts turns between an answer and the next task', () => {
	it('passes a pool that hands the next task out in the answer’s own turn', async () => {
		expect((await noIdleWorker('q1 q1 q1 p1 p1 a4 p4 a6 p6 a7 a9')).status).toBe('pass');
	});

	it('passes an answer after which nothing waits, with no post', async () => {
		expect((await noIdleWorker('q1 p1 a3 q5 p5 a8')).status).toBe('pass');
	});

	it('fails a worker left idle until a timer’s look, and says how many turns later the task left', async () => {
		const result = await noIdleWorker('q1 q1 q1 p1 p1 a4 p6 a8 p9');
		expect(result.status).toBe('fail');
		expect(result.message).toContain('a worker answered while 1 task was waiting, and the next task left 2 turns of the event loop later');
	});

	it('fails two answers in one turn with tasks for both but only one handed out', async () => {
		const result = await noIdleWorker('q1 q1 q1 q1 p1 p1 a4 a4 p4 a7');
		expect(result.status).toBe('fail');
		expect(result.message).toContain('no task was handed out after it');
	});
});
