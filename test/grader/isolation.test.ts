// Hostile learner code against the sandbox (issue 11): reading the references, writing outside its run,
// outliving it, poisoning the grader's cache or checks, forging the channel, and files that are not files.
// Every attack targets only this test's own temporary folders (a canary tree: a copy of the fixture pack
// plus a secret), so even a grader without isolation could damage nothing else; the tree is hashed before
// and after. Each case runs in both isolation modes where the attack applies.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import type { Exercise } from '../../source/lessons/types.js';
import { detectIsolation } from '../../source/grader/isolation.js';
import { cacheDir } from '../../source/grader/transform.js';
import { verifyDir, type VerifyResult } from '../../source/grader/verify.js';
import { procStat } from '../../source/grader/proc.js';
import { Sandbox, sweepAbandonedSandboxes } from '../../source/grader/sandbox/sandbox.js';
import { runCli } from '../helpers/cli.js';
import { failed, orphanedSandboxes, processesTagged } from '../helpers/grader.js';
import { builtCli } from '../helpers/paths.js';
import { TmuxSession, tmuxInstalled } from '../helpers/tmux.js';
import { waitUntil } from '../helpers/wait.js';

const TAG = 'conc-tutor-hostile-isolation';
let root: string;
let canary: string;
let pack: string;
let exercise: Exercise;
let before: string;

/** A hash of every file under dir (names and contents): any change shows. */
function hashTree(dir: string): string {
	const hash = createHash('sha256');
	const walk = (at: string) => {
		for (const name of readdirSync(at).sort()) {
			const file = path.join(at, name);
			hash.update(file);
			if (statSync(file).isDirectory()) walk(file);
			else hash.update(readFileSync(file));
		}
	};
	walk(dir);
	return hash.digest('hex');
}

/** The exercise's starter with these files on top, in a fresh folder of this test's. */
function learner(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(root, 'learner-'));
	assembleExercise(exercise, dir);
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
	return dir;
}

const grade = (dir: string) => verifyDir(exercise, dir, { seed: 3 });

/** Runs fn with isolation on (when this machine has it) or off. */
async function inMode<T>(mode: 'bubblewrap' | 'none', fn: () => Promise<T>): Promise<T> {
	const saved = process.env.CONC_TUTOR_ISOLATION;
	if (mode === 'none') process.env.CONC_TUTOR_ISOLATION = 'none';
	else delete process.env.CONC_TUTOR_ISOLATION;
	try {
		return await fn();
	} finally {
		if (saved === undefined) delete process.env.CONC_TUTOR_ISOLATION;
		else process.env.CONC_TUTOR_ISOLATION = saved;
	}
}

const isolated = process.env.CONC_TUTOR_ISOLATION !== 'none' && detectIsolation().mode === 'bubblewrap';
const modes = (isolated ? ['bubblewrap', 'none'] : ['none']) as Array<'bubblewrap' | 'none'>;

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-isolation-'));
	canary = path.join(root, 'canary');
	pack = path.join(canary, 'pack');
	cpSync(path.resolve('test/fixtures/grader-pack'), pack, { recursive: true });
	writeFileSync(path.join(canary, 'secret.txt'), 'the answer key\n');
	mkdirSync(path.join(canary, 'class', 'bob'), { recursive: true });
	writeFileSync(path.join(canary, 'class', 'bob', 'sum.ts'), '// a classmate\'s solution\n');
	mkdirSync(path.join(canary, 'workspace', '.conc-tutor'), { recursive: true });
	writeFileSync(path.join(canary, 'workspace', '.conc-tutor', 'progress.json'), '{"tool":"conc-tutor","schemaVersion":1,"exercises":{}}');
	exercise = findExercise(loadPack(pack), 'sum-worker')!;
	before = hashTree(canary);
});

afterAll(() => {
	for (const pid of processesTagged(TAG)) process.kill(pid, 'SIGKILL');
	rmSync(root, { recursive: true, force: true });
});

const sumOf = (seed: number) => Array.from({ length: 100 }, (_, i) => (i * 7 + seed) % 13).reduce((a, b) => a + b, 0);

/**
 * A solution that tries to read and write the given paths, and throws what it managed as "PROBE {...}".
 * `openable`: files outside the test's folders (the grader itself, its cache), only opened for writing,
 * never written, so that a broken sandbox could not change them.
 */
function probe(read: string[], write: string[], openable: string[] = []): string {
	return `import { closeSync, openSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
export async function sumInWorker(): Promise<number> {
	const found = { read: [] as string[], wrote: [] as string[], listed: [] as string[] };
	for (const file of ${JSON.stringify(read)}) { try { readFileSync(file); found.read.push(file); } catch {} }
	for (const file of ${JSON.stringify(write)}) { try { writeFileSync(file, 'pwned'); found.wrote.push(file); } catch {} }
	for (const file of ${JSON.stringify(openable)}) { try { closeSync(openSync(file, 'r+')); found.wrote.push(file); } catch {} }
	try { found.listed = readdirSync('/tmp').filter((name) => name.startsWith('conc-tutor')); } catch {}
	throw new Error('PROBE ' + JSON.stringify(found));
}
`;
}

function probeResult(result: VerifyResult): { read: string[]; wrote: string[]; listed: string[] } {
	const message = failed(result).runs ?? '';
	const json = /PROBE (\{.*\})/.exec(message)?.[1];
	expect(json, message).toBeDefined();
	return JSON.parse(json!);
}

describe.runIf(isolated)('isolated: what the sandbox hides', () => {
	it('cannot read the references, the package, the workspace or the secret, nor write anything outside its run', async () => {
		const reference = path.join(exercise.path, 'solution', 'sum.ts');
		const classmate = path.join(canary, 'class', 'bob', 'sum.ts');
		const targets = [
			reference,
			path.join(exercise.path, 'check.ts'),
			path.resolve('package.json'),
			path.resolve('lessons/README.md'),
			path.join(canary, 'secret.txt'),
			path.join(canary, 'workspace', '.conc-tutor', 'progress.json'),
			classmate,
		];
		const writes = [path.join(exercise.path, 'check.ts'), path.join(canary, 'secret.txt'), path.join(canary, 'workspace', '.conc-tutor', 'progress.json'), classmate];
		// The grader's own code, which it does show the sandbox (read-only), and its compile cache.
		const grader = [path.resolve('dist/harness.js'), path.resolve('dist/preload.js'), path.join(cacheDir(), 'calibration.json')].filter((file) => existsSync(file));
		expect(grader.length).toBeGreaterThanOrEqual(2);
		const dir = learner({ 'sum.ts': probe(targets, writes, grader) });
		const seen = probeResult(await grade(dir));
		expect(seen.read).toEqual([]);
		expect(seen.wrote).toEqual([]);
		// Its private /tmp holds only its own run folder, never another run's or the grader's cache.
		expect(seen.listed.length).toBeLessThanOrEqual(1);
		expect(hashTree(canary)).toBe(before);
	});

	it('a setsid escapee with an empty environment dies with the run and writes nothing afterwards', async () => {
		const log = path.join(canary, 'escapee.log');
		const escapee = `const fs = require('fs'); const end = Date.now() + 4000; const t = setInterval(() => { try { fs.appendFileSync(${JSON.stringify(log)}, 'alive\\n'); } catch {} if (Date.now() > end) clearInterval(t); }, 50);`;
		const dir = learner({
			'sum.ts': `import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
export function sumInWorker(numbers: number[]): Promise<number> {
	writeFileSync('escapee.cjs', ${JSON.stringify(escapee)});
	spawnSync('/bin/sh', ['-c', 'setsid ' + process.execPath + ' escapee.cjs ${TAG} >/dev/null 2>&1 &'], { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore' });
	const worker = new Worker(new URL('./sum-worker.js', import.meta.url));
	worker.postMessage(numbers);
	return new Promise((resolve) => worker.once('message', (sum: number) => { resolve(sum); void worker.terminate(); }));
}
`,
		});
		const result = await grade(dir);
		expect(result.checks.find((c) => c.id === 'sum')?.status).toBe('pass'); // it did answer
		expect(processesTagged(TAG)).toEqual([]);
		await delay(500);
		expect(existsSync(log)).toBe(false);
		expect(hashTree(canary)).toBe(before);
	});

	it('kill -9 of the CLI during verify leaves nothing running', async () => {
		const workspace = path.join(root, 'ws-kill-verify');
		const args = [builtCli, '--lessons', pack, '--workspace', workspace, 'verify', 'sum-worker'];
		await runCli([...args.slice(1, -2), 'list'], { env: process.env });
		writeFileSync(path.join(workspace, '01-basics', 'sum-worker', 'sum.ts'), sleeper());
		const cli = spawn(process.execPath, args, { stdio: 'ignore' });
		await waitUntil(() => processesTagged(TAG).length >= 2, 'the sleepers to start', 10_000);
		cli.kill('SIGKILL');
		await waitUntil(() => processesTagged(TAG).length === 0, () => `the sleepers to end (left: ${processesTagged(TAG).join(' ')})`, 3000);
		expect(processesTagged(TAG)).toEqual([]);
	});

	it('kill -9 of grade leaves nothing running, and --resume keeps what was graded before the kill', async () => {
		const workspaces = path.join(root, 'class-kill');
		for (const name of ['ann', 'bob']) {
			const workspace = path.join(workspaces, name);
			await runCli(['--lessons', pack, '--workspace', workspace, 'list'], { env: process.env });
			cpSync(path.join(exercise.path, 'solution'), path.join(workspace, '01-basics', 'sum-worker'), { recursive: true });
			// The second exercise hangs at import with tagged sleepers: the grade is killed while it runs.
			const burn = path.join(workspace, '01-basics', 'parallel-burn', 'burn.ts');
			writeFileSync(burn, `${readFileSync(burn, 'utf8')}\n${sleeper().replace('export function sumInWorker', 'function sleep')}\nawait sleep();\n`);
		}
		const out = path.join(root, 'class-kill.json');
		const args = [builtCli, '--lessons', pack, 'grade', workspaces, '--format', 'json', '--out', out, '--jobs', '1', '--exercises', 'sum-worker,parallel-burn'];
		const grader = spawn(process.execPath, args, { stdio: 'ignore' });
		await waitUntil(() => processesTagged(TAG).length >= 2, 'the sleepers to start', 20_000);
		grader.kill('SIGKILL');
		await waitUntil(() => processesTagged(TAG).length === 0, () => `the sleepers to end (left: ${processesTagged(TAG).join(' ')})`, 3000);
		expect(processesTagged(TAG)).toEqual([]);
		const journal = readFileSync(`${out}.cells.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
		const kept = journal.find((cell) => cell.learner === 'ann' && cell.exercise === 'sum-worker');
		expect(kept?.status).toBe('pass');
		// Resumed (for the exercise that finishes): the cell graded before the kill is kept, not graded again.
		const resumed = args.map((arg) => (arg === 'sum-worker,parallel-burn' ? 'sum-worker' : arg));
		await runCli([...resumed.slice(1), '--resume'], { env: process.env });
		const report = JSON.parse(readFileSync(out, 'utf8'));
		expect(report.cells.find((cell: { learner: string; exercise: string }) => cell.learner === 'ann' && cell.exercise === 'sum-worker')).toEqual(kept);
		expect(report.cells).toHaveLength(2);
		expect(report.isolation).toBe('bubblewrap');
	});

	it.runIf(tmuxInstalled())('kill -9 of the tutor while it grades leaves nothing running', async () => {
		const workspace = path.join(root, 'ws-kill-tui');
		await runCli(['--lessons', pack, '--workspace', workspace, 'list'], { env: process.env });
		writeFileSync(path.join(workspace, '01-basics', 'sum-worker', 'sum.ts'), sleeper());
		const tutor = new TmuxSession('isolation');
		tutor.startTutor({ workspace, lessons: pack, columns: 100, rows: 30 });
		try {
			// Each key once its screen shows, and unhurried: a screen just opened can miss a key (issue 18).
			for (const [shows, key] of [['Lessons', 'Enter'], ['Lesson 1 of 1', 'Tab'], ['› 1. Sum in a worker', 'Enter'], ['save to grade', 'v']] as const) {
				await tutor.showing(shows, 10_000);
				await delay(700);
				await tutor.keys(key);
			}
			await waitUntil(() => processesTagged(TAG).length >= 2, 'the sleepers to start', 10_000);
			expect(processesTagged(TAG).length).toBeGreaterThanOrEqual(2);
			const node = execFileSync('pgrep', ['-P', String(tutor.panePid()), '-f', 'dist/cli.js']).toString().trim().split('\n').map(Number)[0]!;
			process.kill(node, 'SIGKILL');
			await waitUntil(() => processesTagged(TAG).length === 0, () => `the sleepers to end (left: ${processesTagged(TAG).join(' ')})`, 3000);
			expect(processesTagged(TAG)).toEqual([]);
		} finally {
			tutor.kill();
		}
	});

	it('a sandbox ended from outside is not blamed on the learner', async () => {
		const dir = learner({ 'sum.ts': sleeper() });
		const run = grade(dir);
		await waitUntil(() => processesTagged(TAG).length >= 2, 'the sleepers to start', 10_000);
		const bwrap = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(processesTagged(TAG)[0])]).toString().trim());
		// bwrap's namespace init is the sleeper's grandparent or parent; the monitor bwrap sits above it
		const monitor = ancestors(bwrap).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'bwrap' && !isNsInit(pid)) ?? bwrap;
		process.kill(monitor, 'SIGKILL');
		const result = await run;
		// Not the code's fail: the run could not be judged, and is graded again (verifyPatiently, grade).
		expect(failed(result)).toEqual({});
		expect(result.status).toBe('inconclusive');
		expect(result.checks.find((check) => check.id === 'runs')?.message).toMatch(/ended from outside \(by SIGKILL\), not by your code/);
		expect(processesTagged(TAG)).toEqual([]);
	});
});

describe.runIf(isolated)('isolated: sandboxes nobody will use', () => {
	it('a sandbox ended as soon as it started (mid-setup) leaves nothing behind', async () => {
		// Disposed at once, 24 times, two at a time: killing bwrap mid-setup used to strand its clone forever.
		for (let round = 0; round < 12; round++) {
			const pair = [new Sandbox(LIMITS), new Sandbox(LIMITS)];
			for (const sandbox of pair) sandbox.dispose();
		}
		await waitUntil(() => ownBwraps().length === 0, 'every bwrap to end', 15_000);
		expect(ownBwraps()).toEqual([]);
		expect(orphanedSandboxes()).toEqual([]);
	});

	it("never ends another grader's live sandbox, even mid-setup while bwrap's clone is not yet the harness", async () => {
		// Each grader process sweeps once, at its first sandbox, while other graders (a second queue worker,
		// the tutor beside a class grade, parallel test files) may be starting theirs. A clone mid-setup is
		// a bwrap whose parent is a bwrap: it once read as abandoned, and a live run died of SIGKILL.
		const sandboxes: Sandbox[] = [];
		for (let round = 0; round < 20; round++) {
			const sandbox = new Sandbox(LIMITS);
			sandboxes.push(sandbox);
			const until = Date.now() + 60;
			while (Date.now() < until) sweepAbandonedSandboxes();
			sandbox.dispose();
		}
		await waitUntil(() => sandboxes.every((sandbox) => exitOf(sandbox)), 'every sandbox to exit', 15_000);
		// Disposed unused, each exits by itself (end of its input): none was killed.
		expect(sandboxes.map((sandbox) => exitOf(sandbox)?.signal ?? null)).toEqual(sandboxes.map(() => null));
	});

	it('one a dead grader left behind is ended by the next grader', async () => {
		// An abandoned sandbox, as bwrap looks when its grader died: our run folder and harness in its
		// arguments, its parent init. It runs only `sleep`, in this test's own folder.
		const fake = path.join(root, 'conc-tutor-run-abandoned');
		mkdirSync(fake, { recursive: true });
		const script = `setsid bwrap --ro-bind / / --bind ${fake} ${fake} --unshare-pid --as-pid-1 -- /bin/sh -c 'sleep 1000; :' ${TAG} ${fake}/harness.js >/dev/null 2>&1 &`;
		execFileSync('/bin/sh', ['-c', script]);
		await waitUntil(() => processesTagged(TAG).length > 0, 'a sleeper to start', 10_000);
		const abandoned = execFileSync('pgrep', ['-f', `^bwrap .*${fake}`]).toString().trim().split('\n').map(Number);
		expect(abandoned.length).toBeGreaterThan(0);
		// The sweep ends a sandbox from its top, bwrap's monitor, and everything below it with it. Whether the
		// clone is listed apart is a race (it is, if the sweep reads it after its parent died): a busy machine once
		// reaped it first. What must hold is the top named and nothing left running.
		const top = abandoned.filter((pid) => !abandoned.includes(procStat(pid)?.ppid ?? 0));
		expect(top.length).toBeGreaterThan(0);
		expect(sweepAbandonedSandboxes()).toEqual(expect.arrayContaining(top));
		const left = () => [...processesTagged(TAG), ...abandoned.filter((pid) => procStat(pid) !== undefined)];
		await waitUntil(() => left().length === 0, () => `the sandbox and its sleeper to end (left: ${left().join(' ')})`, 3000);
		expect(left()).toEqual([]);
	});
});

describe.each(modes)('%s: the channel cannot be forged', (mode) => {
	it('an Object.prototype.toJSON hook, heap snapshots and the inspector yield no nonce; a late forged value does not pass', async () => {
		const dir = learner({
			'sum.ts': `import v8 from 'node:v8';
import inspector from 'node:inspector';
import { readFileSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
const seen = new Set<string>();
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
(Object.prototype as any).toJSON = function () { for (const value of Object.values(this)) if (typeof value === 'string') for (const m of value.match(uuid) ?? []) seen.add(m); return this; };
function hunt() {
	try { for (const m of readFileSync(v8.writeHeapSnapshot(), 'utf8').match(uuid) ?? []) seen.add(m); } catch (e) { console.log('snapshot: ' + (e as Error).message); }
	try { const s = new inspector.Session(); s.connect(); console.log('inspector: connected'); } catch (e) { console.log('inspector: ' + (e as Error).message); }
	try { (process as any)._debugProcess(process.pid); } catch (e) { console.log('debugProcess: ' + (e as Error).message); }
}
export function sumInWorker(numbers: number[]): Promise<number> {
	hunt();
	const worker = new Worker(new URL('./sum-worker.js', import.meta.url));
	worker.postMessage(numbers);
	return new Promise((resolve) => worker.once('message', (sum: number) => {
		void worker.terminate();
		resolve(sum + 1); // wrong on purpose: only a forged value could pass
		setTimeout(() => {
			for (const nonce of seen) { console.log('CAPTURED ' + nonce); for (const fd of [3, 4]) try { writeSync(fd, nonce + ' {"type":"value","key":"sum","value":' + sum + '}\\n'); } catch {} }
		}, 0);
	}));
}
`,
		});
		const result = await inMode(mode, () => grade(dir));
		expect(result.output).not.toMatch(/CAPTURED/);
		expect(result.output).toMatch(/snapshot: v8.writeHeapSnapshot is not available/);
		expect(result.output).toMatch(/inspector: the inspector is not available/);
		expect(result.status).toBe('fail');
		expect(failed(result).sum).toMatch(/expected|got/i);
	});

	it('forged worker lines on fd 4 count no worker', async () => {
		const dir = learner({
			'sum.ts': `import { writeSync } from 'node:fs';
export async function sumInWorker(numbers: number[]): Promise<number> {
	for (const line of ['{"type":"event","event":{"t":1,"type":"worker-created","threadId":7}}', 'x {"type":"event","event":{"t":2,"type":"worker-created","threadId":8}}']) writeSync(4, line + '\\n');
	return numbers.reduce((a, b) => a + b, 0);
}
`,
		});
		const result = await inMode(mode, () => grade(dir));
		expect(result.status).toBe('fail');
		expect(Object.keys(failed(result))).toEqual(['workers']);
		expect(result.trace?.workers.started).toBe(0);
	});
});

describe.each(modes)('%s: only regular files under the cap are graded', (mode) => {
	it('a symlink is refused by name, and not followed', async () => {
		const dir = learner({});
		rmSync(path.join(dir, 'sum.ts'));
		symlinkSync(path.join(canary, 'secret.txt'), path.join(dir, 'sum.ts'));
		const result = await inMode(mode, () => grade(dir));
		expect(failed(result).compiles).toMatch(/^sum\.ts is a symbolic link/);
		expect(JSON.stringify(result)).not.toMatch(/answer key/);
	});

	it('a FIFO is refused at once, not read (which would hang)', async () => {
		const dir = learner({});
		spawnSync('mkfifo', [path.join(dir, 'data.txt')]);
		const result = await inMode(mode, () => grade(dir));
		expect(failed(result).compiles).toMatch(/^data\.txt is not a regular file/);
	});

	it('a file over 1 MB is refused as such, never run', async () => {
		const dir = learner({ 'big.ts': `// ${'x'.repeat(2 * 1024 * 1024)}\n` });
		const result = await inMode(mode, () => grade(dir));
		expect(failed(result).compiles).toMatch(/^big\.ts is 2\.0 MB: files over 1 MB are not graded/);
	});
});

describe('a deleted file', () => {
	it('is named, with the way to get the starter back, instead of a module error from inside the grader', async () => {
		const dir = learner({});
		rmSync(path.join(dir, 'sum-worker.ts'));
		const result = await grade(dir);
		expect(failed(result).compiles).toMatch(
			/^sum-worker\.ts is missing from your exercise folder: `r` in the tutor or `(npx )?conc-tutor reset sum-worker` brings the starter back \(your other files are kept in a backup\)$/,
		);
	});
});

describe('the compile cache', () => {
	it('an entry rewritten outside the grader is not used: the starter still fails', async () => {
		const cache = mkdtempSync(path.join(root, 'cache-'));
		const saved = process.env.CONC_TUTOR_CACHE;
		process.env.CONC_TUTOR_CACHE = cache;
		try {
			const dir = learner({});
			expect((await grade(dir)).status).toBe('fail');
			const forged = `export async function sumInWorker(n) { return ${sumOf(3)}; }\n`;
			for (const name of readdirSync(cache).filter((f) => /^[0-9a-f]{32}\.js$/.test(f))) writeFileSync(path.join(cache, name), forged);
			expect((await grade(dir)).status).toBe('fail');
		} finally {
			if (saved === undefined) delete process.env.CONC_TUTOR_CACHE;
			else process.env.CONC_TUTOR_CACHE = saved;
		}
	});
});

describe('afterwards', () => {
	it('nothing outside the runs changed and nothing is left running', () => {
		expect(hashTree(canary)).toBe(before);
		expect(processesTagged(TAG)).toEqual([]);
		expect(orphanedSandboxes()).toEqual([]);
	});
});

// ---- helpers ----------------------------------------------------------------------------------

/** A solution that starts two tagged sleepers (one in its own session) and never answers. */
function sleeper(): string {
	return `import { spawn } from 'node:child_process';
export function sumInWorker(): Promise<number> {
	spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${TAG}'], { stdio: 'ignore' });
	spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${TAG}'], { stdio: 'ignore', detached: true, env: {} });
	return new Promise(() => setInterval(() => {}, 1000));
}
`;
}

function ancestors(pid: number): number[] {
	const chain: number[] = [];
	for (let at = pid; at > 1 && chain.length < 6; ) {
		chain.push(at);
		at = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${at}/status`, 'utf8'))?.[1] ?? 0);
	}
	return chain;
}

function isNsInit(pid: number): boolean {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return /^NStgid:.*\s1$/m.test(status);
}

describe('without isolation', () => {
	const io = (sink: { out: string; err: string }) => ({
		stdout: { write: (text: string) => void (sink.out += text) },
		stderr: { write: (text: string) => void (sink.err += text) },
		stdin: { isTTY: false },
		env: { ...process.env, NO_COLOR: '1' },
		cwd: process.cwd(),
	});

	it('grade refuses to run other people\'s code unless --no-isolation is given, and the report says how it graded', async () => {
		const { gradeCommand } = await import('../../source/commands/grade.js');
		const workspace = path.join(root, 'class-none', 'ann');
		assembleExercise(exercise, path.join(workspace, '01-basics', 'sum-worker'), 'solution');
		mkdirSync(path.join(workspace, '.conc-tutor'), { recursive: true });
		const sink = { out: '', err: '' };
		const options = { pack: loadPack(pack), paths: [path.dirname(workspace)], exercises: ['sum-worker'], format: 'csv', stdout: io(sink).stdout, stderr: io(sink).stderr };
		const refused = await inMode('none', () => gradeCommand(options));
		expect(refused).toBe(2);
		expect(sink.err.trim().split('\n')).toHaveLength(1);
		expect(sink.err).toMatch(/^Not grading: learners' code cannot be isolated here .*Pass --no-isolation/);
		expect(sink.out).toBe('');
		const code = await inMode('none', () => gradeCommand({ ...options, allowUnisolated: true }));
		expect(code).toBe(0);
		expect(sink.out.trim().split('\n')[1]).toMatch(/^ann,sum-worker,pass,.*,none$/);
	});

	it('verify still grades a learner\'s own code, and says once, in one line, that it is not isolated', async () => {
		const { main } = await import('../../source/cli/program.js');
		const workspace = path.join(root, 'ws-none');
		const sink = { out: '', err: '' };
		const args = ['--lessons', pack, '--workspace', workspace, 'verify', 'sum-worker'];
		expect(await inMode('none', () => main(args, io(sink)))).toBe(1); // the starter fails, as it should
		const notes = sink.err.split('\n').filter((line) => /without isolation/.test(line));
		expect(notes).toEqual([expect.stringMatching(/^conc-tutor: note: your code runs without isolation, with your own rights \(/)]);
	});
});

describe('a global install', () => {
	it('hides the package folders under /usr from the sandbox (the grader binds its own files back)', async () => {
		const { hiddenFolders } = await import('../../source/grader/isolation.js');
		const exists = (dir: string) => dir === '/usr/lib/node_modules';
		expect(hiddenFolders('/usr/lib/node_modules/conc-tutor', exists)).toEqual(['/usr/lib/node_modules']);
		expect(hiddenFolders('/usr/local/share/conc-tutor', exists)).toEqual(['/usr/lib/node_modules', '/usr/local/share/conc-tutor']);
		expect(hiddenFolders('/home/ann/conc-tutor', exists)).toEqual(['/usr/lib/node_modules']);
	});
});

const LIMITS = { heapMb: 256, rssMb: 512, maxWorkers: 4 };

/** How a sandbox's process ended, once it has: its private record, read only here. */
function exitOf(sandbox: Sandbox): { code: number | null; signal: string | null } | undefined {
	return (sandbox as unknown as { exit?: { code: number | null; signal: string | null } }).exit;
}

/** bwrap processes this test process started that are still alive (zombies excepted). */
function ownBwraps(): number[] {
	const out = spawnSync('pgrep', ['-x', '-P', String(process.pid), 'bwrap'], { encoding: 'utf8' }).stdout.trim();
	return out ? out.split('\n').map(Number).filter((pid) => !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) : [];
}
