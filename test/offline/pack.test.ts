// Offline, for real (issue 6, item 5): the packed tarball installs into a fresh folder from an npm cache
// alone, with no registry, and `list` and `verify` work from that install.
//
// Setup may reach the registry once, to fill the cache with the tarball's dependencies (`npm install
// <tarball> --cache <cache>` in a scratch folder). The cache lives in $CONC_TUTOR_OFFLINE_CACHE or
// <tmpdir>/conc-tutor-offline-npm-cache and is kept between runs, so a machine that has run this test once
// can run it again with no network. The test skips only when the registry cannot be reached AND that cache
// is empty.
//
// "No registry" is enforced twice: `--offline` (npm's cache-only mode), and a proxy that refuses every
// connection (http://127.0.0.1:9), so any fetch that slipped through fails at once. A dead `--registry` would
// not do: npm keys its cache by the registry's URL, so with another registry nothing is found in the cache.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allExercises, loadPack } from '../../source/lessons/load.js';
import { graderPack, repoRoot } from '../helpers/paths.js';

const cache = path.resolve(process.env.CONC_TUTOR_OFFLINE_CACHE ?? path.join(tmpdir(), 'conc-tutor-offline-npm-cache'));
const DEAD = 'http://127.0.0.1:9';
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

let root: string;
let tarball: string;
let packedFiles: string[] = [];
let skipReason: string | undefined;
/** The folder the tarball was installed into offline; commands run from here. */
let lab: string;
let pack: string;
let workspace: string;
let graderCache: string;

/** The environment without npm's own variables (set when run by `npm test`) or proxy exceptions. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || /^no_proxy$/i.test(key) || key === 'INIT_CWD') continue;
		env[key] = value;
	}
	return { ...env, NO_COLOR: '1', ...extra };
}

/** What an offline lab has: the cache, nothing else. Every npm/npx call after setup runs with this. */
function offlineEnv(): NodeJS.ProcessEnv {
	return baseEnv({
		npm_config_offline: 'true',
		npm_config_cache: cache,
		npm_config_proxy: DEAD,
		npm_config_https_proxy: DEAD,
		npm_config_fetch_retries: '0',
		npm_config_update_notifier: 'false',
		HTTP_PROXY: DEAD,
		HTTPS_PROXY: DEAD,
		http_proxy: DEAD,
		https_proxy: DEAD,
		CONC_TUTOR_CACHE: graderCache,
	});
}

interface Ran {
	/** The exit code; undefined when the command could not start, timed out or was killed. */
	status: number | undefined;
	stdout: string;
	stderr: string;
	/** Why it did not exit by itself, when it did not. */
	why?: string;
}

/** `command` with exactly `env` (extendEnv off: npm must not see the variables `npm test` sets). */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeout?: number }): Ran {
	const result = execaSync(command, args, {
		cwd: options.cwd,
		env: options.env,
		extendEnv: false,
		reject: false,
		stripFinalNewline: false,
		timeout: options.timeout ?? 60_000,
		maxBuffer: 64 * 1024 * 1024,
	});
	return { status: result.exitCode, stdout: result.stdout, stderr: result.stderr, ...(result.exitCode === undefined ? { why: result.shortMessage } : {}) };
}

function describeRun(result: Ran): string {
	return `exit ${result.status}${result.why ? ` (${result.why})` : ''}\n${result.stderr.trim().split('\n').slice(-8).join('\n')}`;
}

/** Direct dependencies of the package whose registry metadata the cache holds (`npm cache ls`). */
function cachedDependencies(): string[] {
	const deps = Object.keys((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
	const listed = run('npm', ['cache', 'ls', ...deps, '--cache', cache], { cwd: root, env: baseEnv() });
	return deps.filter((dep) => new RegExp(`request-cache:\\S+/${dep.replace('/', '%2f')}$`, 'm').test(listed.stdout));
}

/**
 * `npx conc-tutor ...` from the lab folder, offline. `--yes=false`: never install anything, only run what is
 * installed (the short `--no` makes npx take the next word as its value and run npm itself).
 */
function tutor(...args: string[]): Ran {
	return run('npx', ['--yes=false', 'conc-tutor', ...args], { cwd: lab, env: offlineEnv() });
}

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-offline-'));
	graderCache = path.join(root, 'grader-cache');
	// `npm pack` runs `prepare` (the build), which replaces dist/ while other test files may be using it:
	// build only when there is no dist yet, and pack without scripts.
	if (!existsSync(path.join(repoRoot, 'dist/cli.js'))) {
		execaSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot });
	}
	const packDir = path.join(root, 'tarball');
	mkdirSync(packDir);
	const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: repoRoot, env: baseEnv() });
	if (packed.status !== 0) throw new Error(`npm pack failed: ${describeRun(packed)}`);
	const info = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
	tarball = path.join(packDir, info.filename);
	packedFiles = info.files.map((file) => file.path);

	// Fill the cache while the registry can be reached (and reuse what an earlier run left there).
	const ping = run('npm', ['ping', '--fetch-timeout', '10000', '--fetch-retries', '0'], { cwd: root, env: baseEnv(), timeout: 30_000 });
	let filled: Ran | undefined;
	if (ping.status === 0) {
		const scratch = path.join(root, 'scratch');
		mkdirSync(scratch);
		writeFileSync(path.join(scratch, 'package.json'), '{ "name": "fill-cache", "private": true }\n');
		filled = run(
			'npm',
			['install', tarball, '--cache', cache, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--fetch-timeout', '30000', '--fetch-retries', '1'],
			{ cwd: scratch, env: baseEnv(), timeout: 100_000 },
		);
		if (filled.status !== 0) throw new Error(`the registry answered, but filling the npm cache failed: ${describeRun(filled)}`);
	} else if (cachedDependencies().length === 0) {
		skipReason = `the registry could not be reached to fill the npm cache, and ${cache} holds none of the dependencies (npm ping: ${describeRun(ping)})`;
		return;
	}

	// The lab: a fresh folder, the tarball, the cache, no registry.
	lab = path.join(root, 'lab');
	mkdirSync(lab);
	writeFileSync(path.join(lab, 'package.json'), '{ "name": "offline-lab", "private": true }\n');
	const installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: lab, env: offlineEnv(), timeout: 100_000 });
	if (installed.status !== 0) {
		const hint = filled ? '' : `\n(the registry was unreachable, so the cache was not filled: it holds ${cachedDependencies().join(', ')})`;
		throw new Error(`npm install --offline of ${tarball} failed: ${describeRun(installed)}${hint}`);
	}

	// The fixture pack, copied out of the repository (its _lab file is a symlink into lessons/: resolve it).
	pack = path.join(root, 'pack');
	cpSync(graderPack, pack, { recursive: true, dereference: true });
	workspace = path.join(root, 'workspace');
}, 180_000);

afterAll(() => {
	if (root) rmSync(root, { recursive: true, force: true });
});

describe('the packed tutor, installed and run with no registry', () => {
	it('packs only what runs, and installs from the cache alone', (ctx) => {
		expect(packedFiles).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/kit.js', 'dist/harness.js', 'dist/preload.js', 'package.json']));
		expect(packedFiles.some((file) => file.startsWith('lessons/'))).toBe(true);
		expect(packedFiles.filter((file) => /^(source|test|bench|scripts)\//.test(file))).toEqual([]);
		if (skipReason) return ctx.skip(skipReason);
		const installed = JSON.parse(readFileSync(path.join(lab, 'node_modules/conc-tutor/package.json'), 'utf8')) as { version: string };
		expect(installed.version).toBe(version);
		const shown = tutor('--version');
		expect(shown.status, describeRun(shown)).toBe(0);
		expect(shown.stdout.trim()).toBe(version);
	});

	it('lists a lesson pack given with --lessons, as JSON', (ctx) => {
		if (skipReason) return ctx.skip(skipReason);
		const listed = tutor('--workspace', workspace, '--lessons', pack, 'list', '--json');
		expect(listed.status, describeRun(listed)).toBe(0);
		const doc = JSON.parse(listed.stdout) as {
			workspace: string;
			lessons: Array<{ id: string; title: string; dir: string; exercises: Array<{ id: string; title: string; status: string; path: string }> }>;
		};
		expect(doc.workspace).toBe(workspace);
		const expected = loadPack(pack);
		expect(doc.lessons.map((lesson) => lesson.id)).toEqual(expected.lessons.map((lesson) => lesson.id));
		const exercises = doc.lessons.flatMap((lesson) => lesson.exercises);
		expect(exercises.map((exercise) => exercise.id)).toEqual(allExercises(expected).map((exercise) => exercise.id));
		expect(exercises.map((exercise) => exercise.id)).toContain('sum-worker');
		for (const exercise of exercises) {
			expect(exercise).toEqual({ id: expect.any(String), title: expect.any(String), status: 'not-started', path: expect.any(String) });
			expect(existsSync(exercise.path), exercise.path).toBe(true);
		}
	});

	it('verifies an exercise: the starter fails (exit 1), the reference passes (exit 0), graded by the installed kit', (ctx) => {
		if (skipReason) return ctx.skip(skipReason);
		const first = tutor('--workspace', workspace, '--lessons', pack, 'verify', 'sum-worker', '--json');
		expect(first.status, describeRun(first)).toBe(1);
		const failed = JSON.parse(first.stdout) as { exercise: string; status: string; checks: Array<{ id: string; status: string; message: string }> };
		expect(failed.exercise).toBe('sum-worker');
		expect(failed.status).toBe('fail');
		expect(failed.checks.find((check) => check.id === 'runs')).toMatchObject({ status: 'fail', message: expect.stringContaining('not written yet') });

		cpSync(path.join(pack, '01-basics/01-sum-worker/solution'), path.join(workspace, '01-basics/sum-worker'), { recursive: true });
		const second = tutor('--workspace', workspace, '--lessons', pack, 'verify', 'sum-worker', '--json');
		expect(second.status, describeRun(second)).toBe(0);
		const passed = JSON.parse(second.stdout) as {
			exercise: string;
			status: string;
			seed: number;
			durationMs: number;
			checks: Array<{ id: string; title: string; status: string; message: string }>;
			trace: { workers: { started: number } } | null;
		};
		expect(passed).toMatchObject({ exercise: 'sum-worker', status: 'pass', seed: expect.any(Number), durationMs: expect.any(Number) });
		expect(passed.checks.map((check) => check.id)).toEqual(expect.arrayContaining(['compiles', 'runs', 'sum', 'hidden-1']));
		expect(passed.checks.every((check) => check.status === 'pass')).toBe(true);
		expect(passed.trace?.workers.started).toBe(1);

		// The checks were bundled against the kit inside the offline install, not the repository's.
		const bundles = readdirSync(graderCache).filter((file) => /^check-.*\.mjs$/.test(file));
		expect(bundles.length).toBeGreaterThan(0);
		const kit = `file://${path.join(lab, 'node_modules/conc-tutor/dist/kit.js')}`;
		for (const bundle of bundles) expect(readFileSync(path.join(graderCache, bundle), 'utf8')).toContain(kit);
		// The attempt was recorded in the workspace.
		const list = tutor('--workspace', workspace, '--lessons', pack, 'list', '--json');
		const status = (JSON.parse(list.stdout) as { lessons: Array<{ exercises: Array<{ id: string; status: string }> }> }).lessons[0]!.exercises.find(
			(exercise) => exercise.id === 'sum-worker',
		)!.status;
		expect(status).not.toBe('not-started');
	});

	it('lists the bundled lesson pack (when the packed copy of it is valid)', (ctx) => {
		if (skipReason) return ctx.skip(skipReason);
		// The bundled pack is being written: when the repository's own build cannot load the copy that was
		// packed either, the tarball cannot be blamed for it. (The copy, not lessons/: that may change meanwhile.)
		const packedLessons = path.join(lab, 'node_modules/conc-tutor/lessons');
		const here = run(
			process.execPath,
			[path.join(repoRoot, 'dist/cli.js'), '--workspace', path.join(root, 'repo-workspace'), '--lessons', packedLessons, 'list', '--json'],
			{ cwd: root, env: baseEnv() },
		);
		if (here.status !== 0) return ctx.skip(`the bundled pack that was packed does not load: ${here.stderr.trim().split('\n')[0]}`);
		const expected = (JSON.parse(here.stdout) as { lessons: Array<{ id: string; exercises: Array<{ id: string }> }> }).lessons;
		const listed = tutor('--workspace', path.join(root, 'bundled-workspace'), 'list', '--json');
		expect(listed.status, describeRun(listed)).toBe(0);
		const lessons = (JSON.parse(listed.stdout) as { lessons: Array<{ id: string; exercises: Array<{ id: string }> }> }).lessons;
		expect(lessons.length).toBeGreaterThan(0);
		expect(lessons.map((lesson) => [lesson.id, lesson.exercises.map((exercise) => exercise.id)])).toEqual(
			expected.map((lesson) => [lesson.id, lesson.exercises.map((exercise) => exercise.id)]),
		);
	});
});
