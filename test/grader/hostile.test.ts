// Thirteen solutions that attack the grader (the sandbox's own attacks are in isolation.test.ts). Each must
// end in a fail, with the right reason, without hanging, leaving nothing running; in both isolation modes.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timeFactor } from '../../source/grader/calibrate.js';
import { detectIsolation } from '../../source/grader/isolation.js';
import { failed, fixtureExercise, gradeWith, orphanedSandboxes, processesTagged } from '../helpers/grader.js';
import { runMain } from '../helpers/cli.js';
import { graderPack } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const exercise = fixtureExercise('sum-worker'); // timeout 4 s in its check.ts
const TIMEOUT_MS = 4000;
const hostile = (name: string) => path.resolve('test/fixtures/hostile', name);

const cases: Array<[name: string, check: string, reason: RegExp]> = [
	['spin-at-import', 'runs', /timed out after .*event loop was blocked/],
	['never-settles', 'runs', /never settles/],
	['heap-bomb', 'runs', /heap/],
	['buffer-bomb', 'runs', /MB of memory/],
	['forty-processes', 'runs', /more than 16 processes/],
	['detached-grandchild', 'no-leaks', /child process still running/],
	['spinning-workers', 'runs', /timed out after .*16 workers still running/],
	['fake-pass', 'runs', /grader's channel/],
	['exits-early', 'runs', /exited with code 0 before your code finished/],
	// Isolated, the sandbox is its namespace's init: the SIGKILLs it sends its parent (none there) and its own
	// group reach nothing, so the run goes on and fails on the answer it gave (0).
	['kills-parent', 'sum', /0/],
	['output-flood', 'runs', /MB of output/],
	['throws-non-error', 'runs', /non-Error value was thrown: 42/],
	['ignores-sigterm', 'runs', /timed out after/],
];

const isolated = detectIsolation().mode === 'bubblewrap';

describe.each(isolated ? (['bubblewrap', 'none'] as const) : (['none'] as const))('hostile solutions (%s)', (mode) => {
	afterAll(() => {
		for (const pid of processesTagged('conc-tutor-hostile')) process.kill(pid, 'SIGKILL');
	});

	// Without isolation the sandbox's parent is this test process: kills-parent would end the test run itself.
	const applicable = cases.filter(([name]) => mode === 'bubblewrap' || name !== 'kills-parent');

	it.each(applicable)('%s fails on %s with the reason', async (name, check, reason) => {
		const started = Date.now();
		const saved = process.env.CONC_TUTOR_ISOLATION;
		if (mode === 'none') process.env.CONC_TUTOR_ISOLATION = 'none';
		const result = await gradeWith(exercise, hostile(name)).finally(() => {
			if (saved === undefined) delete process.env.CONC_TUTOR_ISOLATION;
			else process.env.CONC_TUTOR_ISOLATION = saved;
		});
		const elapsed = Date.now() - started;
		expect(result.status).toBe('fail');
		expect(failed(result)[check], `failed: ${JSON.stringify(failed(result))}`).toMatch(reason);
		// A hang guard, not a speed claim: the limit as scaled for this machine, plus room for a busy teardown.
		expect(elapsed).toBeLessThan(TIMEOUT_MS * timeFactor() + 15_000);
		expect(processesTagged('conc-tutor-hostile')).toEqual([]);
		expect(orphanedSandboxes()).toEqual([]);
	});
});

describe('state files', () => {
	// Isolated only: without isolation the learner's code runs with their rights and can write their own
	// progress file (theirs to spoil; `grade` never reads it), and no snapshot is put back over it, since
	// that would undo what another verify recorded meanwhile.
	it.runIf(isolated)('a solution that hunts for progress files cannot reach the workspace at all', async () => {
		const { cpSync, readFileSync } = await import('node:fs');
		const workspace = tempDir('conc-tutor-state-'); // the prefix the hunter looks for
		const verify = () => runMain(['--lessons', graderPack, '--workspace', workspace, 'verify', 'sum-worker'], { env: { ...process.env, NO_COLOR: '1' } });
		const starter = await verify();
		expect(starter.code).toBe(1); // the starter fails
		cpSync(hostile('writes-state'), path.join(workspace, '01-basics', 'sum-worker'), { recursive: true });
		const hunter = await verify();
		expect(hunter.code).toBe(1); // no worker: still a fail
		expect(starter.stderr + hunter.stderr).not.toMatch(/progress file/);
		const progress = JSON.parse(readFileSync(path.join(workspace, '.conc-tutor', 'progress.json'), 'utf8'));
		expect(progress.exercises['sum-worker']).toMatchObject({ status: 'attempted', attempts: 2 });
		expect(progress.exercises['parallel-burn']).toBeUndefined();
		// A hang guard: two CLI verifies, each with its type check, took up to 46 s of 60 under two spinners.
	}, 180_000);
});
