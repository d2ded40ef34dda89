import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExerciseLoop, type LoopState } from '../../source/exercise-loop/loop.js';
import type { VerifyResult } from '../../source/grader/verify.js';
import type { TypeReport } from '../../source/typecheck/typecheck.js';
import { loadProgress } from '../../source/progress/index.js';
import { ignored } from '../../source/watch/fingerprint.js';
import { watchExercise, type Watcher } from '../../source/watch/watch.js';
import { exerciseWorkspaceDir } from '../../source/workspace/index.js';
import { fixtureExercise } from '../helpers/grader.js';
import { waitUntil } from '../helpers/wait.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: Array<() => void> = [];
afterEach(() => {
	while (cleanups.length) cleanups.pop()!();
});

function folder(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-watch-'));
	writeFileSync(path.join(dir, 'counter.ts'), 'export const n = 1;\n');
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

function watched(dir: string, poll = false): { count: () => number; watcher: Watcher } {
	let n = 0;
	const watcher = watchExercise(dir, () => n++, { debounceMs: 60, poll, pollIntervalMs: 50 });
	cleanups.push(() => watcher.close());
	return { count: () => n, watcher };
}

describe('watching an exercise folder', () => {
	it('reports a burst of saves once', async () => {
		const dir = folder();
		const { count } = watched(dir);
		for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'counter.ts'), `export const n = ${i + 2};\n`);
		await waitUntil(() => count() >= 1, 'a report');
		await sleep(300); // a second report would come within the debounce
		expect(count()).toBe(1);
	});

	it('sees editors that save by writing a new file and renaming it over the old one', async () => {
		const dir = folder();
		const { count } = watched(dir);
		writeFileSync(path.join(dir, 'counter.ts.tmp'), 'export const n = 42;\n');
		renameSync(path.join(dir, 'counter.ts.tmp'), path.join(dir, 'counter.ts'));
		await waitUntil(() => count() >= 1, 'a report');
		await sleep(300);
		expect(count()).toBe(1);
	});

	it('ignores swap and backup files', async () => {
		const dir = folder();
		const { count } = watched(dir);
		writeFileSync(path.join(dir, '.counter.ts.swp'), 'x');
		writeFileSync(path.join(dir, 'counter.ts~'), 'x');
		await sleep(400);
		expect(count()).toBe(0);
		expect(ignored('lab/.mutex.ts.swp')).toBe(true);
		expect(ignored('lab/mutex.ts')).toBe(false);
	});

	it('polls when asked to', async () => {
		const dir = folder();
		const { count } = watched(dir, true);
		await sleep(120);
		mkdirSync(path.join(dir, 'lab'));
		writeFileSync(path.join(dir, 'lab', 'extra.ts'), 'export {};\n');
		await waitUntil(() => count() >= 1, 'a report');
		await sleep(200);
		expect(count()).toBe(1);
	});
});

describe('the exercise loop', () => {
	const exercise = fixtureExercise('sum-worker');

	function loop(
		grade: (signal: AbortSignal) => Promise<VerifyResult>,
		watch?: typeof watchExercise,
		checkTypes: (dir: string, signal: AbortSignal) => Promise<TypeReport | undefined> = async () => undefined,
	) {
		const workspace = mkdtempSync(path.join(tmpdir(), 'conc-tutor-loop-'));
		const dir = exerciseWorkspaceDir(workspace, exercise);
		mkdirSync(dir, { recursive: true });
		writeFileSync(path.join(dir, 'sum.ts'), 'export {};\n');
		const states: LoopState[] = [];
		let missed = 0;
		const instance = new ExerciseLoop({
			exercise,
			workspace,
			onState: (state) => states.push(state),
			onMissedSave: () => missed++,
			grade: (_exercise, _dir, signal) => grade(signal),
			watch,
			checkTypes,
		});
		cleanups.push(() => {
			instance.close();
			rmSync(workspace, { recursive: true, force: true });
		});
		return { instance, states, workspace, dir, missed: () => missed };
	}

	const result = (status: 'pass' | 'fail'): VerifyResult => ({
		exercise: exercise.id,
		status,
		isolation: 'bubblewrap',
		checks: [{ id: 'runs', title: 'runs', status: status, message: status === 'pass' ? 'finished' : 'timed out' }],
		durationMs: 5,
		seed: 1,
		seeds: [1],
		trace: null,
		output: '',
		phases: { transformMs: 0, graderStartMs: 0, sandboxStartMs: 0, runMs: 0, teardownMs: 0, checksMs: 0 },
	});

	it('a new save cancels the grading in progress; only the newest result is shown and recorded', async () => {
		const aborted: boolean[] = [];
		let call = 0;
		const { instance, states, workspace } = loop(async (signal) => {
			const mine = call++;
			await sleep(mine === 0 ? 200 : 20);
			aborted.push(signal.aborted);
			return result(mine === 0 ? 'fail' : 'pass');
		});
		const first = instance.verify('save');
		await sleep(30);
		const second = instance.verify('save');
		await Promise.all([first, second]);
		expect(aborted).toEqual([false, true]); // the second finished first; the first saw its abort
		const done = states.filter((s) => s.kind === 'done');
		expect(done).toHaveLength(1);
		expect(done[0]).toMatchObject({ kind: 'done', result: { status: 'pass' } });
		const progress = loadProgress(workspace).exercises[exercise.id]!;
		expect(progress).toMatchObject({ status: 'passed', attempts: 1 });
	});

	it('adds the type errors to a verdict after it is shown, and drops them once a newer save grades', async () => {
		const report = { total: 1, issues: [{ file: 'sum.ts', line: 1, column: 7, message: "Type 'string' is not assignable to type 'number'." }] };
		let checks = 0;
		const { instance, states } = loop(
			async () => result('pass'),
			undefined,
			async (_dir, signal) => {
				const mine = checks++;
				await sleep(mine === 0 ? 40 : 150);
				return signal.aborted ? undefined : report;
			},
		);
		await instance.verify('save');
		expect(states.at(-1)).toMatchObject({ kind: 'done', result: { status: 'pass' } });
		expect(states.at(-1)).not.toHaveProperty('types');
		await waitUntil(() => states.length === 3, 'three states');
		expect(states.at(-1)).toMatchObject({ kind: 'done', types: report });
		// A newer save while the second check runs: that check's report never arrives.
		await instance.verify('save');
		await instance.verify('save');
		await sleep(400);
		expect(states.filter((state) => state.kind === 'done' && state.types)).toHaveLength(2);
		expect(states.at(-1)).toMatchObject({ kind: 'done', types: report });
		expect(states.map((state) => state.kind).slice(-3)).toEqual(['grading', 'done', 'done']);
	});

	it('two tutors on one workspace count one attempt per save; Enter (an explicit grade) counts each time', async () => {
		const workspace = mkdtempSync(path.join(tmpdir(), 'conc-tutor-loop-'));
		mkdirSync(exerciseWorkspaceDir(workspace, exercise), { recursive: true });
		let version = 'v1';
		const tutors = [0, 1].map(
			() =>
				new ExerciseLoop({
					exercise,
					workspace,
					onState: () => {},
					grade: async () => ({ ...result('fail'), version }),
					checkTypes: async () => undefined,
				}),
		);
		cleanups.push(() => rmSync(workspace, { recursive: true, force: true }));
		const attempts = () => loadProgress(workspace).exercises[exercise.id]?.attempts;
		await Promise.all(tutors.map((tutor) => tutor.verify('save')));
		expect(attempts()).toBe(1);
		version = 'v2';
		await Promise.all(tutors.map((tutor) => tutor.verify('save')));
		expect(attempts()).toBe(2);
		await tutors[0]!.verify('manual');
		expect(attempts()).toBe(3);
	});

	it('a grading cut short by closing the exercise is not recorded', async () => {
		const { instance, states, workspace } = loop(async (signal) => {
			await sleep(100);
			return result(signal.aborted ? 'fail' : 'pass');
		});
		const grading = instance.verify('manual');
		await sleep(20);
		instance.close();
		await grading;
		expect(states.filter((s) => s.kind === 'done')).toEqual([]);
		expect(loadProgress(workspace).exercises[exercise.id]).toBeUndefined();
	});

	it('suggests polling when a manual verify finds a save the watcher never reported', async () => {
		// A watcher that never reports anything, as on a network drive.
		const { instance, dir, missed } = loop(async () => result('fail'), () => ({ close() {} }));
		instance.open();
		writeFileSync(path.join(dir, 'sum.ts'), 'export const changed = true;\n');
		await instance.verify('manual');
		expect(missed()).toBe(1);
	});
});
