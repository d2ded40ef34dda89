// A system without /proc (issue 18, item 15): the grader says at the start what it cannot observe, and
// the checks that watch threads run are skipped with that reason, never failed. CONC_TUTOR_NO_PROC=1
// makes this Linux machine grade as such a system would.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { graderPack } from '../helpers/paths.js';

const root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-no-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A hang guard for CLI verifies (each with its type check after the verdict): up to 54 s of 60 under two spinners. */
const VERIFIES_MS = 240_000;

async function verify(variant: string, env: Record<string, string>) {
	const workspace = path.join(root, variant.replace('/', '-'));
	await runCli(['--lessons', graderPack, '--workspace', workspace, 'list'], { env: process.env });
	cpSync(path.join(graderPack, '01-basics/02-parallel-burn', variant), path.join(workspace, '01-basics', 'parallel-burn'), { recursive: true });
	return runCli(['--lessons', graderPack, '--workspace', workspace, 'verify', 'parallel-burn'], { env: { ...process.env, NO_COLOR: '1', ...env }, timeoutMs: 120_000 });
}

describe('on a system without /proc', () => {
	it('says so before grading, and skips the checks that watch threads, naming the reason', async () => {
		const run = await verify('solution', { CONC_TUTOR_NO_PROC: '1' });
		expect(run.stderr).toMatch(/this system has no \/proc .*the checks that need to are skipped/);
		expect(run.stdout).toMatch(/– parallelism\s+uses 2 cores at the same time\s+not checked: this system has no \/proc/);
		expect(run.stdout).toMatch(/PASS/);
		expect(run.code).toBe(0);
	}, VERIFIES_MS);

	it('does not fail a solution on what it cannot see (a sequential one is caught only where /proc is)', async () => {
		const blind = await verify('wrong/sequential', { CONC_TUTOR_NO_PROC: '1' });
		expect(blind.stdout).not.toMatch(/✗ parallelism/);
		const seen = await verify('wrong/sequential', {});
		expect(seen.stderr).not.toMatch(/no \/proc/);
		expect(seen.stdout).toMatch(/✗ parallelism/);
		expect(seen.code).toBe(1);
	}, VERIFIES_MS);
});
