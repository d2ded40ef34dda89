// Proof under load, CI-sized (issue 12; the full version is bench/load.mjs): while 2 × cores processes
// spin, the references of timing-sensitive exercises never fail (inconclusive allowed, counted), and
// every known-wrong variant still fails its intended check — never escaping into inconclusive.
// The spinners are started here and ended by their pids, whatever happens.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allExercises, loadPack } from '../../source/lessons/load.js';
import { checkVariant, variantPlan } from '../../source/grader/pack-check.js';

const EXERCISES = (process.env.CONC_TUTOR_LOAD_EXERCISES ?? 'stop-worker-cooperatively,shared-counter,cancel-slow-downloads,abort-signal-lookup').split(',');
const pids: number[] = [];

function endSpinners() {
	for (const pid of pids.splice(0)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

beforeAll(() => {
	for (let i = 0; i < 2 * availableParallelism(); i++) {
		const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
		if (child.pid) pids.push(child.pid);
	}
	process.once('exit', endSpinners);
});
afterAll(endSpinners);

const exercises = allExercises(loadPack()).filter((exercise) => EXERCISES.includes(exercise.id));

describe(`with ${2 * availableParallelism()} processes spinning`, () => {
	it('knows the exercises it was asked for', () => {
		expect(exercises.map((e) => e.id).sort()).toEqual([...EXERCISES].sort());
	});
	for (const exercise of exercises) {
		it(`${exercise.id}: the reference never fails, every known-wrong variant does`, async () => {
			const problems: string[] = [];
			let inconclusive = 0;
			for (const [variant, expected] of variantPlan(exercise)) {
				if (variant === 'starter') continue;
				const row = await checkVariant(exercise, variant, expected, 4242, { tries: 3, pauseMs: 500 });
				if (row.inconclusive) inconclusive++;
				else if (!row.ok) problems.push(`${variant}: ${row.note}`);
				if (variant !== 'solution') expect(row.status, `${variant} must fail, not be inconclusive`).toBe('fail');
			}
			// Counted, for the log: inconclusive references are allowed.
			if (inconclusive > 0) console.log(`${exercise.id}: ${inconclusive} inconclusive reference result(s) under load`);
			expect(problems).toEqual([]);
		}, 600_000);
	}
});
