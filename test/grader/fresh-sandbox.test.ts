// No cheating the figures (issue 7, item 3): a warm grader — one whose sandbox was started
// ahead of time by prepareSpare(), as the TUI does — still runs every solution in a fresh sandbox. The
// fixture's solution (test/fixtures/fresh-pack) looks for five traces and then leaves them: a global, a
// module-level variable, a property on the node:fs module, a file in its working folder and an environment
// variable; the check bundle keeps its own module-level run counter. The first look of every run must find
// nothing; a second look within the same run must find everything (so the probe can see what it left).
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import type { Exercise } from '../../source/lessons/types.js';
import { prepareSpare, verifyDir, type VerifyResult } from '../../source/grader/verify.js';

const freshPack = path.resolve('test/fixtures/fresh-pack');
const KEY = '__concTutorFreshProbe';

interface Seen {
	global: boolean;
	module: boolean;
	builtin: boolean;
	file: boolean;
	env: boolean;
	pid: number;
	startedAt: number;
	seed: number;
}

let root: string;

function exercise(id: string): Exercise {
	const found = findExercise(loadPack(freshPack), id);
	if (!found) throw new Error(`no exercise ${id} in ${freshPack}`);
	return found;
}

function learnerFolder(ex: Exercise, overlay: string): string {
	const dir = mkdtempSync(path.join(root, `${ex.id}-`));
	assembleExercise(ex, dir, overlay);
	return dir;
}

/** What the first look of the run found, carried in the pass message of the `fresh-start` check. */
function firstLook(result: VerifyResult): Seen {
	const failures = result.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`);
	expect(failures, 'every check passes').toEqual([]);
	return JSON.parse(result.checks.find((check) => check.id === 'fresh-start')!.message) as Seen;
}

/**
 * Pids of the sandboxes this process started: node running the harness (a sandbox may begin as
 * `prlimit ... -- node harness.js`, which then becomes node under the same pid), our child when not
 * isolated, or under bwrap and its namespace's init (two levels further) when isolated.
 */
function ourSandboxes(): number[] {
	const parentOf = (pid: string) => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
	const ours = (pid: string) => {
		let ancestor = pid;
		for (let level = 0; level < 3; level++) {
			ancestor = String(parentOf(ancestor));
			if (Number(ancestor) === process.pid) return true;
		}
		return false;
	};
	const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	const found: number[] = [];
	for (const pid of pids) {
		try {
			if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('harness.js')) continue;
			if (readlinkSync(`/proc/${pid}/exe`) !== realpathSync(process.execPath)) continue;
			if (ours(pid)) found.push(Number(pid));
		} catch {
			// gone meanwhile
		}
	}
	return found;
}

/** prepareSpare(), then wait until its sandbox process is up: the next verify is served warm. */
async function warmUp(): Promise<void> {
	prepareSpare();
	const deadline = Date.now() + 20_000;
	while (ourSandboxes().length === 0) {
		if (Date.now() > deadline) throw new Error('the spare sandbox did not start within 20 s');
		await delay(20);
	}
	// Node is running; give it a moment past its own start (performance.timeOrigin), which the test compares.
	await delay(300);
}

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-fresh-'));
});

afterAll(() => {
	rmSync(root, { recursive: true, force: true });
});

describe('a warm grader starts every solution in a fresh sandbox', () => {
	it('verify after verify, each served by a sandbox started ahead, finds no trace of the one before', async () => {
		const ex = exercise('fresh-start');
		const dir = learnerFolder(ex, 'solution');
		const looks: Seen[] = [];
		for (let i = 0; i < 3; i++) {
			await warmUp();
			const askedAt = Date.now();
			const result = await verifyDir(ex, dir, { seed: 100 + i });
			expect(result.status).toBe('pass');
			const seen = firstLook(result);
			expect({ global: seen.global, module: seen.module, builtin: seen.builtin, file: seen.file, env: seen.env }).toEqual({
				global: false,
				module: false,
				builtin: false,
				file: false,
				env: false,
			});
			// Served warm: the sandbox process existed before the verify was asked for.
			expect(seen.startedAt).toBeLessThan(askedAt);
			looks.push(seen);
		}
		// Three processes (inside a pid namespace each is pid 2: their start times tell them apart).
		expect(new Set(looks.map((seen) => `${seen.pid}@${seen.startedAt}`)).size).toBe(3);
		// The solution ran only in the sandboxes: not in this process, and it wrote nothing into the learner's folder.
		expect(KEY in globalThis).toBe(false);
		expect(process.env.CONC_TUTOR_FRESH_PROBE).toBeUndefined();
		expect(existsSync(path.join(dir, 'fresh-probe.txt'))).toBe(false);
		expect(ourSandboxes()).toEqual([]);
	});

	it('a solution that leaves a trace before its first look fails, warm or not (the probe can fail)', async () => {
		const ex = exercise('fresh-start');
		const dir = learnerFolder(ex, 'wrong/leaky');
		await warmUp();
		const warm = await verifyDir(ex, dir);
		const cold = await verifyDir(ex, dir);
		for (const result of [warm, cold]) {
			expect(result.status).toBe('fail');
			expect(result.checks.find((check) => check.id === 'fresh-start')).toMatchObject({ status: 'fail', message: expect.stringContaining('global') });
		}
	});

	it('each run of a stress verify (three seeds) starts as if it were the first, in its own working folder', async () => {
		// Runs of one verify share the compiled files but not the folder they run in: a file one run leaves in
		// its working folder must not be there for the next.
		const ex = exercise('fresh-stress');
		const dir = learnerFolder(ex, 'solution');
		await warmUp();
		const result = await verifyDir(ex, dir, { seed: 7 });
		expect(result.seeds).toEqual([7, 8, 9]);
		expect(result.status).toBe('pass');
		expect(firstLook(result).seed).toBe(9);
		expect(existsSync(path.join(dir, 'fresh-probe.txt'))).toBe(false);
	});
});
