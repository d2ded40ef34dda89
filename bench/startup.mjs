#!/usr/bin/env node
// Start-up benchmark (not a test): medians of `conc-tutor list` and of the tutor's first frame, each
// against its floor measured in the same run, printed as ratios. Goals (issue 2): list within 2× of
// `node -e 0`, the first frame within 3×.
//
//   node bench/startup.mjs [--runs N] [--lessons DIR]
//
// The frame is timed in tmux from starting the command to the home screen appearing in the pane,
// polling capture-pane; its floor is `node -e 0` printing one word, timed the same way, so the cost
// of tmux and of polling is in both figures. Runs are interleaved so both see the same machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, lessons: { type: 'string' } } });
const runs = Number(values.runs);
const lessons = values.lessons ? path.resolve(values.lessons) : undefined;
const work = mkdtempSync(path.join(tmpdir(), 'conc-tutor-bench-'));
const workspace = path.join(work, 'workspace');
const common = ['--workspace', workspace, ...(lessons ? ['--lessons', lessons] : [])];

// A failure here is the tool's (or the pack's) problem, not the benchmark's: say it in one line.
const keepalive = `conc-tutor-bench-keepalive-${process.pid}`;
function cleanUp() {
	try {
		execFileSync('tmux', ['kill-session', '-t', keepalive], { stdio: 'ignore' });
	} catch {
		// Not started, or already gone.
	}
	rmSync(work, { recursive: true, force: true });
}
process.on('uncaughtException', (error) => {
	console.error(`bench: ${error.message.trim()}`);
	cleanUp();
	process.exit(1);
});

function timeProcess(args) {
	const start = process.hrtime.bigint();
	const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: work });
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr).trim()}`);
	return ms;
}

const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;

/** Milliseconds from starting `command` in a fresh tmux pane until `marker` is on the screen. */
function timeToScreen(command, marker) {
	const session = `conc-tutor-bench-${process.pid}-${Math.random().toString(36).slice(2)}`;
	const start = process.hrtime.bigint();
	tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `${command}; sleep 30`);
	try {
		for (;;) {
			const ms = Number(process.hrtime.bigint() - start) / 1e6;
			if (tmux('capture-pane', '-p', '-t', session).includes(marker)) return ms;
			if (ms > 10_000) throw new Error(`"${marker}" did not appear within 10 s of: ${command}`);
		}
	} finally {
		tmux('kill-session', '-t', session);
	}
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// A warm tmux server and an existing workspace: neither is part of what a learner waits for each time.
tmux('new-session', '-d', '-s', keepalive, 'sleep 600');
timeProcess([cli, 'list', ...common]);

const samples = { floor: [], list: [], paneFloor: [], frame: [] };
const tutor = `cd ${quote(work)} && CI=false ${quote(process.execPath)} ${quote(cli)} ${common.map(quote).join(' ')}`;
const floorCommand = `cd ${quote(work)} && ${quote(process.execPath)} -e ${quote("process.stdout.write('node-is-up')")}`;
try {
	for (let i = 0; i < runs; i++) {
		samples.floor.push(timeProcess(['-e', '0']));
		samples.list.push(timeProcess([cli, 'list', ...common]));
		samples.paneFloor.push(timeToScreen(floorCommand, 'node-is-up'));
		samples.frame.push(timeToScreen(tutor, 'Lessons'));
	}
} finally {
	cleanUp();
}

const m = Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
const row = (label, ms, ratio, goal) =>
	`  ${label.padEnd(34)}${`${ms.toFixed(0)} ms`.padStart(8)}${ratio === undefined ? '' : `   ${ratio.toFixed(2)}×  (goal ≤ ${goal}×${ratio <= goal ? ', met' : ', MISSED'})`}`;
console.log(`conc-tutor start-up: medians of ${runs} runs · node ${process.version} · ${availableParallelism()} cores`);
console.log(row('node -e 0', m.floor));
console.log(row('conc-tutor list', m.list, m.list / m.floor, 2));
console.log(row('tmux: node -e 0 on screen', m.paneFloor));
console.log(row('tmux: first frame of the tutor', m.frame, m.frame / m.paneFloor, 3));
