// Shared by bench/run.mjs and bench/class.mjs: timing, medians, the machine, tmux, the built CLI, a bundled
// driver that calls the grader directly, and assembling learner workspaces from a lesson pack.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cli = path.join(root, 'dist/cli.js');
export const fixturePack = path.join(root, 'test/fixtures/grader-pack');
/** Scratch space for the benchmarks' builds (git-ignored). */
export const benchTmp = path.join(root, 'bench/tmp');

export const median = (values) => {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '—');
export const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
export const mb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(1)} MB` : '—');

export function machine() {
	const [one, five, fifteen] = loadavg();
	return {
		cores: availableParallelism(),
		cpu: cpus()[0]?.model ?? 'unknown',
		memoryGb: (totalmem() / 1024 ** 3).toFixed(1),
		node: process.version,
		load: `${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)}`,
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		commit: gitHead(),
	};
}

function gitHead() {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'source', 'scripts', 'package.json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		return dirty ? `${head} (+ uncommitted changes in source/)` : head;
	} catch {
		return 'unknown';
	}
}

/** Builds dist/ when it is missing (a fresh clone's `npm install` already builds it through `prepare`). */
export function ensureBuilt({ force = false } = {}) {
	if (force || !existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
	return statSync(cli).mtime;
}

/** Runs a command to its end; returns wall ms, exit status and output. Throws only if it cannot start. */
export function timed(command, args, options = {}) {
	const start = process.hrtime.bigint();
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
	const wall = Number(process.hrtime.bigint() - start) / 1e6;
	if (result.error) throw result.error;
	return { wall, status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Like timed() but the process must succeed. */
export function timedOk(command, args, options = {}) {
	const result = timed(command, args, options);
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
	return result.wall;
}

/** This process's reaped children's CPU (user + sys, ms), from /proc/self/stat: cutime and cstime. */
export function childrenCpuMs() {
	const stat = readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state); cutime is field 16, cstime 17.
	const ticks = Number(fields[13]) + Number(fields[14]);
	return (ticks * 1000) / clockTicks();
}

let ticksPerSecond;
function clockTicks() {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/**
 * Runs a command and measures the CPU of its whole tree: every descendant that was waited for adds its
 * time to ours when it is reaped (the grader reaps its sandboxes).
 */
export function runTree(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const cpuBefore = childrenCpuMs();
		const start = process.hrtime.bigint();
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (status, signal) => {
			const wall = Number(process.hrtime.bigint() - start) / 1e6;
			resolve({ wall, cpu: childrenCpuMs() - cpuBefore, status, signal, stdout, stderr });
		});
	});
}

// ---- tmux (the approach of bench/startup.mjs: a fresh pane per run, polling capture-pane) ----

export const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
export const quote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;

export function hasTmux() {
	try {
		tmux('-V');
		return true;
	} catch {
		return false;
	}
}

let sessionCount = 0;
export function sessionName() {
	return `conc-tutor-bench-${process.pid}-${++sessionCount}`;
}

export const screen = (session) => tmux('capture-pane', '-p', '-t', session);

/** Starts `command` in a new detached pane; the command should `exec` its program so the pane's pid is it. */
export function startPane(session, command, { columns = 100, rows = 30 } = {}) {
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), command);
	return Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim());
}

export function killSession(session) {
	try {
		tmux('kill-session', '-t', session);
	} catch {
		// already gone
	}
}

/** Polls the pane (no sleep: each capture is a tmux round trip) until `test` holds. */
export function waitForScreen(session, test, { timeoutMs = 15_000, what = 'the screen', onPoll } = {}) {
	const start = process.hrtime.bigint();
	let last = '';
	for (;;) {
		const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
		last = screen(session);
		onPoll?.();
		if (test(last)) return { ms: elapsed, text: last };
		if (elapsed > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${last}`);
	}
}

/** Milliseconds from starting `command` in a fresh pane until `marker` is on the screen. */
export function timeToScreen(command, marker) {
	const session = sessionName();
	const start = process.hrtime.bigint();
	tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `${command}; sleep 30`);
	try {
		for (;;) {
			const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
			if (screen(session).includes(marker)) return elapsed;
			if (elapsed > 15_000) throw new Error(`"${marker}" did not appear within 15 s of: ${command}`);
		}
	} finally {
		killSession(session);
	}
}

/** Peak resident set (VmHWM) and current (VmRSS) of a process, kB; undefined when it is gone. */
export function memoryOf(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
		return { hwm: field('VmHWM'), rss: field('VmRSS') };
	} catch {
		return undefined;
	}
}

// ---- the grader, called directly (for its phase timings) ----

/**
 * Bundles bench/driver.ts into bench/tmp/driver.mjs (packages stay external, so it uses the repository's
 * node_modules and, through packageRoot(), the built dist/ of this checkout).
 */
export function buildDriver() {
	mkdirSync(benchTmp, { recursive: true });
	const out = path.join(benchTmp, 'driver.mjs');
	execFileSync(
		path.join(root, 'node_modules/.bin/esbuild'),
		[path.join(root, 'bench/driver.ts'), '--bundle', '--platform=node', '--format=esm', '--packages=external', '--target=node20', '--log-level=warning', `--outfile=${out}`],
		{ cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
	);
	return out;
}

/** Runs the driver once in a fresh process; returns its JSON answer. */
export function driver(driverFile, args, env = process.env) {
	const result = timed(process.execPath, [driverFile, ...args], { cwd: root, env });
	if (result.status !== 0) throw new Error(`bench driver ${args[0]} failed (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
	return { ...JSON.parse(result.stdout), processWallMs: result.wall };
}

// ---- workspaces assembled from a pack ----

/** Copies an exercise as a learner would have it: starter + lab files, then `overlay` (solution, wrong/x). */
export function assemble(exercise, dir, overlay) {
	mkdirSync(dir, { recursive: true });
	cpSync(path.join(exercise.path, 'starter'), dir, { recursive: true, dereference: true });
	for (const file of exercise.lab) {
		mkdirSync(path.join(dir, 'lab'), { recursive: true });
		cpSync(file, path.join(dir, 'lab', path.basename(file)), { dereference: true });
	}
	if (overlay && overlay !== 'starter') cpSync(path.join(exercise.path, overlay), dir, { recursive: true, dereference: true });
}

/** A learner "saves" a file: the content changes, so the grader must transform it again. */
export function touchEdit(file, n) {
	appendFileSync(file, `\n// edit ${n}\n`);
}

export function readJson(file) {
	return JSON.parse(readFileSync(file, 'utf8'));
}
