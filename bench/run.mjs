#!/usr/bin/env node
// `npm run bench`: where a learner's time goes, measured side by side with its floor (issue 7).
//
//   node bench/run.mjs [--runs N] [--pack DIR] [--trivial ID] [--mid ID] [--timing ID]
//                      [--skip-tui] [--skip-learnyounode] [--skip-class] [--sizes 10,20,30] [--out FILE] [--build]
//
// One table; every figure is the median of N runs, interleaved with the runs of its floor in the same loop
// so both see the same machine:
//   conc-tutor --version, list           vs  node -e 0
//   first TUI frame (tmux, polling)      vs  node printing one word, timed the same way in tmux
//   verify of three exercises            vs  a node process that starts one worker and gets one message back
//     each split into phases: CLI start (wall − durationMs), grader start, sandbox start, TypeScript
//     transform, the solution's own run, checks, teardown
//   peak RSS (VmHWM) of the TUI process on the home screen and while grading
//   learnyounode's verify of HELLO WORLD (installed into a temporary folder when the registry answers)
// then the class benchmark (bench/class.mjs) unless --skip-class. Everything is written to bench/RESULTS.md.
//
// Before each verify the learner's file is edited (a comment appended): a learner verifies after saving,
// so the TypeScript transform is part of every figure, as it is for them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { classBench } from './class.mjs';
import {
	assemble,
	buildDriver,
	cli,
	driver,
	ensureBuilt,
	fixturePack,
	hasTmux,
	killSession,
	machine,
	mb,
	median,
	memoryOf,
	ms,
	quote,
	ratio,
	root,
	screen,
	sessionName,
	startPane,
	timed,
	timedOk,
	timeToScreen,
	tmux,
	touchEdit,
	waitForScreen,
} from './lib.mjs';
import { writeResults } from './results.mjs';

const { values: opts } = parseArgs({
	options: {
		runs: { type: 'string', default: '10' },
		pack: { type: 'string' },
		trivial: { type: 'string', default: 'sum-worker' },
		mid: { type: 'string', default: 'two-locks' },
		timing: { type: 'string', default: 'parallel-burn' },
		'skip-tui': { type: 'boolean', default: false },
		'skip-learnyounode': { type: 'boolean', default: false },
		'skip-class': { type: 'boolean', default: false },
		sizes: { type: 'string', default: '10,20,30' },
		out: { type: 'string', default: path.join(root, 'bench/RESULTS.md') },
		'tui-verify-key': { type: 'string' },
		build: { type: 'boolean', default: false },
	},
});
const runs = Math.max(1, Number(opts.runs));
const pack = path.resolve(opts.pack ?? fixturePack);
const say = (line) => process.stderr.write(`${line}\n`);

const before = machine();
const built = ensureBuilt({ force: opts.build });
say(`bench: ${runs} runs · pack ${path.relative(root, pack) || pack} · ${before.cores} cores · node ${before.node} · load ${before.load}`);
const driverFile = buildDriver();
const described = driver(driverFile, ['describe', pack]);
const byId = new Map(described.exercises.map((exercise) => [exercise.id, exercise]));
const chosen = [
	{ role: 'trivial', id: opts.trivial },
	{ role: 'mid-sized', id: opts.mid },
	{ role: 'timing-sensitive', id: opts.timing },
].map(({ role, id }) => {
	const exercise = byId.get(id);
	if (!exercise) throw new Error(`no exercise "${id}" in ${pack}; it has: ${[...byId.keys()].join(', ')}`);
	return { role, ...exercise };
});

const work = mkdtempSync(path.join(tmpdir(), 'conc-tutor-bench-'));
// Removed however the run ends (a failure included).
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const workspace = path.join(work, 'workspace');
const env = { ...process.env, CONC_TUTOR_CACHE: path.join(work, 'grader-cache'), NO_COLOR: '1' };
const common = ['--workspace', workspace, '--lessons', pack];
const node = (args, options = {}) => timedOk(process.execPath, args, { cwd: work, env, ...options });

const WORKER_FLOOR =
	"const { Worker } = require('node:worker_threads'); const w = new Worker('require(\"node:worker_threads\").parentPort.postMessage(1)', { eval: true }); w.once('message', () => w.terminate());";

/** `conc-tutor verify <id> --json` after an edit; wall, durationMs and (if the CLI reports them) phases. */
function cliVerify(exercise, n, extraEnv = {}) {
	touchEdit(path.join(workspace, exercise.lessonDir, exercise.id, exercise.files[0]), n);
	const result = timed(process.execPath, [cli, ...common, 'verify', exercise.id, '--json'], { cwd: work, env: { ...env, ...extraEnv } });
	let doc;
	try {
		doc = JSON.parse(result.stdout);
	} catch {
		throw new Error(`verify ${exercise.id} printed no JSON (exit ${result.status}): ${result.stderr.trim()}`);
	}
	return { wall: result.wall, durationMs: doc.durationMs, status: doc.status, phases: doc.phases, isolation: doc.isolation };
}

/** verifyDir through the driver (a fresh process), for its phases, after an edit. */
function driverVerify(exercise, n) {
	const dir = path.join(work, 'driver', exercise.id);
	touchEdit(path.join(dir, exercise.files[0]), n);
	return driver(driverFile, ['verify', pack, exercise.id, dir], env);
}

// ---- set-up: the workspace with the reference solutions, warm caches ----
node([cli, ...common, 'list']);
for (const exercise of chosen) {
	assemble(exercise, path.join(workspace, exercise.lessonDir, exercise.id), 'solution');
	assemble(exercise, path.join(work, 'driver', exercise.id), 'solution');
	// The first verify measures the machine's time factor and bundles the checks (cached from then on).
	cliVerify(exercise, 0);
	driverVerify(exercise, 0);
}

// ---- learnyounode, when the registry answers ----
const lyn = { note: '', bin: undefined, home: path.join(work, 'learnyounode', 'home') };
if (opts['skip-learnyounode']) lyn.note = 'skipped (--skip-learnyounode)';
else {
	const ping = timed('npm', ['ping', '--fetch-timeout', '10000', '--fetch-retries', '0'], { cwd: work });
	if (ping.status !== 0) lyn.note = 'skipped: the npm registry could not be reached to install learnyounode';
	else {
		const dir = path.join(work, 'learnyounode');
		mkdirSync(lyn.home, { recursive: true });
		say('bench: installing learnyounode into a temporary folder…');
		const installed = timed('npm', ['install', 'learnyounode', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir], { cwd: dir, timeout: 300_000 });
		if (installed.status !== 0) lyn.note = `skipped: npm install learnyounode failed (${installed.stderr.trim().split('\n').pop()})`;
		else {
			lyn.bin = path.join(dir, 'node_modules/learnyounode/bin/learnyounode');
			lyn.program = path.join(dir, 'program.js');
			lyn.env = { ...process.env, HOME: lyn.home, NO_COLOR: '1' };
			writeFileSync(lyn.program, "console.log('HELLO WORLD')\n");
			timedOk(process.execPath, [lyn.bin, 'select', 'HELLO WORLD'], { cwd: dir, env: lyn.env });
			const first = timed(process.execPath, [lyn.bin, 'verify', lyn.program], { cwd: dir, env: lyn.env });
			if (first.status !== 0 || !/PASS/.test(first.stdout)) {
				lyn.note = `skipped: learnyounode verify did not pass (exit ${first.status})`;
				lyn.bin = undefined;
			} else {
				const version = JSON.parse(readFileSync(path.join(dir, 'node_modules/learnyounode/package.json'), 'utf8')).version;
				lyn.note = `learnyounode ${version}, installed with npm into a temporary folder`;
				lyn.dir = dir;
			}
		}
	}
}

// ---- the main loop: every figure next to its floor ----
const samples = { floor: [], version: [], list: [], workerFloor: [], lyn: [], unisolated: [], verify: Object.fromEntries(chosen.map((e) => [e.id, []])), phases: Object.fromEntries(chosen.map((e) => [e.id, []])) };
// What isolation costs: the trivial verify again with bubblewrap turned off, interleaved with the isolated one.
const isolatedHere = cliVerify(chosen[0], 0).isolation === 'bubblewrap';
for (let i = 1; i <= runs; i++) {
	say(`bench: run ${i} of ${runs}`);
	samples.floor.push(node(['-e', '0']));
	samples.version.push(node([cli, '--version']));
	samples.list.push(node([cli, ...common, 'list']));
	samples.workerFloor.push(node(['-e', WORKER_FLOOR]));
	if (isolatedHere) samples.unisolated.push(cliVerify(chosen[0], i, { CONC_TUTOR_ISOLATION: 'none' }));
	for (const exercise of chosen) {
		const run = cliVerify(exercise, i);
		samples.verify[exercise.id].push(run);
		// Phases from the CLI's own JSON when it reports them; otherwise from verifyDir in the driver.
		samples.phases[exercise.id].push(run.phases ? { ...run, fromCli: true } : driverVerify(exercise, i));
	}
	if (lyn.bin) {
		const result = timed(process.execPath, [lyn.bin, 'verify', lyn.program], { cwd: lyn.dir, env: lyn.env });
		samples.lyn.push(result.status === 0 ? result.wall : NaN);
	}
}

// ---- the TUI: first frame, and its peak RSS ----
const tui = { frame: [], paneFloor: [], rssHome: [], rssGrading: [], note: '', rssNote: '' };
if (opts['skip-tui']) tui.note = 'skipped (--skip-tui)';
else if (!hasTmux()) tui.note = 'skipped: tmux is not installed';
else {
	const tuiWorkspace = path.join(work, 'tui-workspace');
	const envPrefix = `cd ${quote(work)} && CI=false CONC_TUTOR_CACHE=${quote(env.CONC_TUTOR_CACHE)}`;
	const tutor = `${envPrefix} ${quote(process.execPath)} ${quote(cli)} --workspace ${quote(tuiWorkspace)} --lessons ${quote(pack)}`;
	const floorCommand = `cd ${quote(work)} && ${quote(process.execPath)} -e ${quote("process.stdout.write('node-is-up')")}`;
	const keepalive = `conc-tutor-bench-keepalive-${process.pid}`;
	tmux('new-session', '-d', '-s', keepalive, 'sleep 3600');
	try {
		try {
			timeToScreen(tutor, 'Lessons'); // creates the TUI's workspace: not part of what a learner waits for each time
			for (let i = 0; i < runs; i++) {
				tui.paneFloor.push(timeToScreen(floorCommand, 'node-is-up'));
				tui.frame.push(timeToScreen(tutor, 'Lessons'));
			}
		} catch (error) {
			tui.note = `first frame not measured: ${error.message.split('\n')[0]}`;
			tui.frame = [];
			say(`bench: ${error.message}`);
		}
		try {
			await measureTuiRss((dir) => `${envPrefix} exec ${quote(process.execPath)} ${quote(cli)} --workspace ${quote(dir)} --lessons ${quote(pack)}`);
		} catch (error) {
			tui.rssNote = `${tui.rssNote} RSS sampling stopped after ${tui.rssHome.length} home and ${tui.rssGrading.length} grading samples: ${error.message.split('\n')[0]}`.trim();
			say(`bench: ${error.message}`);
		}
	} finally {
		killSession(keepalive);
	}
}

/**
 * Peak RSS (VmHWM) of the TUI process: on the home screen after it settles, and while it grades the first
 * exercise's reference. The TUI grades only if its exercise screen offers a verify key ("Enter verify" in its
 * key line, or --tui-verify-key); otherwise that figure is reported as not measurable.
 */
/** Sends `key` until `test` holds on the screen (up to three presses, 5 s each). */
function pressUntil(session, key, test, what) {
	for (let attempt = 1; ; attempt++) {
		tmux('send-keys', '-t', session, key);
		try {
			return waitForScreen(session, test, { timeoutMs: 5000, what });
		} catch (error) {
			const now = screen(session);
			if (test(now)) return { ms: NaN, text: now };
			if (attempt === 3) throw error;
		}
	}
}

async function measureTuiRss(commandFor) {
	const out = tui; // filled as it goes: what was measured before a failure is kept
	const first = described.exercises[0];
	for (let i = 0; i < 3; i++) {
		// A new workspace each time, so the exercise starts "not started" and a verdict on screen is this run's.
		const dir = path.join(work, `tui-rss-${i}`);
		assemble(first, path.join(dir, first.lessonDir, first.id), 'solution');
		const session = sessionName();
		const pid = startPane(session, `${commandFor(dir)}; sleep 30`);
		try {
			waitForScreen(session, (text) => text.includes('Lessons'), { what: 'the home screen' });
			await delay(1000);
			out.rssHome.push(memoryOf(pid)?.hwm);
			// Home → lesson 1 → its exercises → exercise 1, each key once its screen shows (a busy machine may
			// still be drawing the last one).
			pressUntil(session, 'Enter', (t) => t.includes('Exercises') && !t.includes('Workspace'), 'the lesson screen');
			pressUntil(session, 'Tab', (t) => /Enter open/.test(t) && /^\s*[›❯] 1\./m.test(t), "the lesson's exercise list");
			const { text } = pressUntil(session, 'Enter', (t) => /^\s*Status /m.test(t) && /^\s*Edit \//m.test(t), `the exercise screen of ${first.id}`);
			const keyLine = (text.trimEnd().split('\n').pop() ?? '').replace(/\s{2,}/g, ' · ').trim();
			const key = opts['tui-verify-key'] ?? /(?:^|·)\s*(\S+)\s+verify\b/i.exec(keyLine)?.[1];
			if (!key) {
				out.rssNote = `not measured: the TUI's exercise screen offers no verify key (its key line: "${keyLine}")`;
				continue;
			}
			// The key once the screen has taken it (it changes at once: a spinner), pressed again only if it did not.
			await delay(300);
			pressUntil(session, key, (t) => t !== text, 'the TUI to start grading');
			// A verdict: a new line (not the status line, not the key line) saying pass or fail.
			const before = new Set(text.split('\n'));
			const verdict = (t) =>
				t
					.trimEnd()
					.split('\n')
					.slice(0, -1)
					.filter((line) => !before.has(line) && !/^\s*Status /.test(line))
					.some((line) => /\b(PASS|FAIL|passed|failed|not yet)\b/i.test(line));
			const shown = waitForScreen(session, verdict, { timeoutMs: 60_000, what: 'a verdict in the TUI' }).text;
			out.rssGrading.push(memoryOf(pid)?.hwm);
			const line = shown.split('\n').find((l) => !before.has(l) && /\b(PASS|FAIL|passed|failed|not yet)\b/i.test(l) && !/^\s*Status /.test(l));
			out.rssNote = `Grading: key "${key}" on ${first.id}'s exercise screen (reference solution); the TUI showed "${line?.trim()}".`;
		} finally {
			killSession(session);
		}
	}
}

const after = machine();
rmSync(work, { recursive: true, force: true });

// ---- the table ----
const m = {
	floor: median(samples.floor),
	version: median(samples.version),
	list: median(samples.list),
	workerFloor: median(samples.workerFloor),
	lyn: median(samples.lyn),
	frame: median(tui.frame),
	paneFloor: median(tui.paneFloor),
	rssHome: median(tui.rssHome),
	rssGrading: median(tui.rssGrading),
};
const goals = [];
const verdict = (met) => (met === undefined ? 'not measured' : met ? 'met' : 'missed');
function goal(name, value, met) {
	goals.push({ name, value, result: verdict(met) });
	return verdict(met);
}
const check = (value, test) => (Number.isFinite(value) ? test(value) : undefined);

const rows = [];
const row = (what, median, floor, r, goalText = '', result = '') => rows.push([what, median, floor, r, goalText, result]);
const nodeFloor = `${ms(m.floor)} (\`node -e 0\`)`;
row('`conc-tutor --version`', ms(m.version), nodeFloor, ratio(m.version / m.floor));
row('`conc-tutor list`', ms(m.list), nodeFloor, ratio(m.list / m.floor), '≤ 2×', goal('list ≤ 2× node -e 0', ratio(m.list / m.floor), check(m.list / m.floor, (x) => x <= 2)));
if (tui.frame.length) {
	row('first TUI frame (tmux)', ms(m.frame), `${ms(m.paneFloor)} (node on screen, tmux)`, ratio(m.frame / m.paneFloor), '≤ 3×', goal('first frame ≤ 3× node', ratio(m.frame / m.paneFloor), check(m.frame / m.paneFloor, (x) => x <= 3)));
	// The same frame with tmux's own cost (pane floor − node -e 0) taken out, against bare node -e 0: no goal,
	// shown because the like-for-like ratio above is flattered by that shared cost.
	const tmuxCost = m.paneFloor - m.floor;
	row('  · first frame − tmux cost, vs `node -e 0`', ms(m.frame - tmuxCost), nodeFloor, ratio((m.frame - tmuxCost) / m.floor));
} else {
	row('first TUI frame (tmux)', '—', '—', '—', '≤ 3×', goal('first frame ≤ 3× node', tui.note, undefined));
}
const workerFloor = `${ms(m.workerFloor)} (node + 1 worker + 1 message)`;
const PHASES = [
	['CLI start (wall − durationMs)', (s) => s.cliStart],
	['grader start (checks, calibration)', (s) => s.phases.graderStartMs],
	['sandbox start', (s) => s.phases.sandboxStartMs],
	['TypeScript transform', (s) => s.phases.transformMs],
	["solution's own run", (s) => s.phases.runMs],
	['checks', (s) => s.phases.checksMs],
	['teardown', (s) => s.phases.teardownMs],
	['unaccounted (durationMs − phases)', (s) => s.durationMs - Object.values(s.phases).reduce((a, b) => a + b, 0)],
];
let phasesFromCli = true;
const overheads = [];
for (const exercise of chosen) {
	const cliRuns = samples.verify[exercise.id];
	const phaseRuns = samples.phases[exercise.id];
	phasesFromCli &&= phaseRuns.every((run) => run.fromCli);
	const wall = median(cliRuns.map((run) => run.wall));
	const passed = cliRuns.filter((run) => run.status === 'pass').length;
	const label = `\`verify ${exercise.id}\` (${exercise.role}${exercise.timing ? ', timing checks' : ''}; ${passed}/${cliRuns.length} passed)`;
	const r = wall / m.workerFloor;
	if (exercise.role === 'trivial') row(label, ms(wall), workerFloor, ratio(r), '≤ 2×', goal(`trivial verify ≤ 2× its floor`, ratio(r), check(r, (x) => x <= 2)));
	else row(label, ms(wall), workerFloor, ratio(r));
	const cliStart = median(cliRuns.map((run) => run.wall - run.durationMs));
	const shaped = phaseRuns.map((run) => ({ ...run, cliStart }));
	for (const [name, pick] of PHASES) {
		const value = name.startsWith('CLI start') ? cliStart : median(shaped.map(pick));
		row(`  · ${name}`, ms(value), '', Number.isFinite(value) ? `${Math.round((100 * value) / wall)}% of wall` : '');
	}
	// Grading overhead: everything but the solution's own run, CLI start included.
	const overhead = phasesFromCli
		? median(cliRuns.map((run) => run.wall - run.phases.runMs))
		: cliStart + median(phaseRuns.map((run) => run.durationMs - run.phases.runMs));
	overheads.push({ exercise, overhead });
	row(`  · grading overhead (all but the solution's run)`, ms(overhead), '', '', '< 150 ms', goal(`grading overhead < 150 ms (${exercise.id})`, ms(overhead), check(overhead, (x) => x < 150)));
}
const trivialWall = median(samples.verify[chosen[0].id].map((run) => run.wall));
if (samples.unisolated.length) {
	const bare = median(samples.unisolated.map((run) => run.wall));
	row(`\`verify ${chosen[0].id}\` without isolation (CONC_TUTOR_ISOLATION=none)`, ms(bare), workerFloor, ratio(bare / m.workerFloor));
	row('  · isolation (bubblewrap) per verify: isolated − unisolated', ms(trivialWall - bare), '', `${Math.round((100 * (trivialWall - bare)) / trivialWall)}% of wall`);
} else row('isolation (bubblewrap) per verify', '—', '', '', '', 'not measured: bubblewrap is not available here');
if (samples.lyn.length) {
	row('learnyounode `verify` (HELLO WORLD)', ms(m.lyn), workerFloor, ratio(m.lyn / m.workerFloor));
	const r = trivialWall / m.lyn;
	row('trivial verify ÷ learnyounode verify', '', '', ratio(r), '< 0.5×', goal('trivial verify < ½ learnyounode verify', ratio(r), check(r, (x) => x < 0.5)));
} else {
	row('learnyounode `verify` (HELLO WORLD)', '—', '—', '—', '', lyn.note);
	row('trivial verify ÷ learnyounode verify', '—', '', '—', '< 0.5×', goal('trivial verify < ½ learnyounode verify', lyn.note, undefined));
}
row('TUI peak RSS (VmHWM), home screen', mb(m.rssHome), '', '', '< 120 MB', goal('TUI < 120 MB RSS (home)', mb(m.rssHome), check(m.rssHome, (kb) => kb < 120 * 1024)));
row(
	'TUI peak RSS (VmHWM), while grading',
	mb(m.rssGrading),
	'',
	'',
	'< 120 MB',
	tui.rssGrading.length ? goal('TUI < 120 MB RSS (grading)', mb(m.rssGrading), check(m.rssGrading, (kb) => kb < 120 * 1024)) : goal('TUI < 120 MB RSS (grading)', tui.rssNote || tui.note, undefined),
);

const header = ['measure', 'median', 'floor (median)', 'ratio', 'goal', 'result'];
const table = [
	`| ${header.join(' | ')} |`,
	'|---|---:|---|---:|---|---|',
	...rows.map((cells) => `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`),
].join('\n');
const notes = [
	`- ${runs} runs of each figure, interleaved with its floor; medians. Pack: \`${path.relative(root, pack) || pack}\` (exercises ${chosen.map((e) => `${e.id} = ${e.role}`).join(', ')}).`,
	`- Each verify follows an edit of the learner's file (so the TypeScript transform runs, as after a save) and grades the reference solution; the checks' bundle and the machine's calibration are cached by a first, untimed verify.`,
	phasesFromCli
		? '- Phases come from `verify --json` itself.'
		: "- Phases come from `verifyDir` run by `bench/driver.ts` in a fresh process per run, interleaved with the CLI's runs (`verify --json` does not report them); CLI start = the CLI's wall − its `durationMs`. Grading overhead = CLI start + the driver's (durationMs − solution's run).",
	'- The first frame is timed from starting the command in a fresh tmux pane to "Lessons" appearing in it (capture-pane polled back to back); its floor is node printing one word, timed the same way (as in bench/startup.mjs), so tmux\'s cost is in both; the row under it takes that cost (pane floor − `node -e 0`) out of the frame and compares with bare `node -e 0`.',
	`- TUI RSS: VmHWM of the TUI's own process (/proc/<pid>/status), median of ${tui.rssHome.length} samples on the home screen and ${tui.rssGrading.length} while grading (3 attempted); the grader's sandbox is a separate process. ${tui.rssNote || tui.note}`,
	`- learnyounode: ${lyn.note}; verify of a correct program.js, HOME in a temporary folder.`,
	`- Machine while measuring: load average ${before.load} at the start, ${after.load} at the end (other work on this machine shares its cores: figures are noisy).`,
].join('\n');
const markdown = [
	`## Start-up, verify and memory`,
	'',
	`${after.date} · ${before.cores} cores (${before.cpu}) · ${before.memoryGb} GB · Node ${before.node} · load average ${before.load} → ${after.load} · commit ${before.commit} · dist built ${built.toISOString().replace(/\.\d+Z$/, 'Z')}`,
	'',
	table,
	'',
	notes,
	'',
	'Goals:',
	'',
	...goals.map((g) => `- ${g.result.toUpperCase()}: ${g.name} (${g.value})`),
].join('\n');

console.log(markdown);
writeResults(opts.out, 'verify', markdown);
say(`bench: wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);

if (!opts['skip-class']) {
	const classMarkdown = await classBench({ pack, sizes: opts.sizes.split(',').map(Number), driverFile, say });
	console.log(`\n${classMarkdown}`);
	writeResults(opts.out, 'class', classMarkdown);
	say(`bench: wrote the class benchmark to ${path.relative(process.cwd(), opts.out) || opts.out}`);
}
