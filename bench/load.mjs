#!/usr/bin/env node
// Proof under load (issue 12): the references and the known-wrong variants of the timing-sensitive
// exercises, graded while N processes spin on the machine (N = 0, 2× and 4× the cores by default).
//
//   node bench/load.mjs [--loads 0,2,4] [--rounds N] [--exercises a,b,c] [--out FILE] [--no-write]
//
// Each round runs `conc-tutor lessons check --exercises <all> --json --jobs 1`; the spinners are started
// by this script before the round and ended by their pids after it (and on Ctrl+C or any error), so none
// is ever left behind. Per exercise and load it counts, for the reference: passes, inconclusive results
// (allowed, counted) and false fails (must be 0); for every known-wrong variant: whether it still failed
// its intended check (must be every time) and how often it came out inconclusive instead (must be 0).
// The rates go to bench/RESULTS.md (section "load").
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cli, ensureBuilt, machine, root } from './lib.mjs';
import { writeResults } from './results.mjs';

/** The exercises whose checks depend on time: the four named in issue 12 first. */
export const TIMING_EXERCISES = [
	'lookup-with-timeout',
	'cancel-slow-downloads',
	'worker-pool-class',
	'stop-worker-cooperatively',
	'shared-counter',
	'abort-signal-lookup',
	'yield-between-chunks',
	'offload-to-a-worker',
	'parallel-mergesort',
];

/** Starts `n` processes that spin forever; returns their pids and a function that ends exactly those. */
export function startSpinners(n) {
	const children = [];
	for (let i = 0; i < n; i++) {
		children.push(spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }));
	}
	const pids = children.map((child) => child.pid);
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		for (const pid of pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	return { pids, end };
}

/** One `lessons check` of the given exercises; its JSON rows. */
export function checkPack(exercises, env = {}) {
	const result = spawnSync(process.execPath, [cli, 'lessons', 'check', '--exercises', exercises.join(','), '--json', '--jobs', '1'], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, ...env },
		maxBuffer: 64 * 1024 * 1024,
	});
	try {
		return JSON.parse(result.stdout).rows;
	} catch {
		throw new Error(`lessons check gave no JSON (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
	}
}

/** Adds one round's rows into the tally: tally[exercise][load] = counts. */
export function tallyRows(tally, rows, load) {
	for (const row of rows) {
		if (row.variant === 'starter') continue;
		const byLoad = (tally[row.exercise] ??= {});
		const t = (byLoad[load] ??= { refRuns: 0, refPass: 0, refInconclusive: 0, refFalseFail: 0, wrongRuns: 0, wrongCaught: 0, wrongInconclusive: 0, wrongEscaped: 0, tries: 0, notes: [] });
		if (row.variant === 'solution') {
			t.refRuns++;
			t.tries += row.tries ?? 1;
			if (row.status === 'pass') t.refPass++;
			else if (row.inconclusive) t.refInconclusive++;
			else {
				t.refFalseFail++;
				t.notes.push(`reference: ${row.note}`);
			}
		} else {
			t.wrongRuns++;
			if (row.ok) t.wrongCaught++;
			else {
				if (row.status === 'inconclusive') t.wrongInconclusive++;
				t.wrongEscaped++;
				t.notes.push(`${row.variant}: ${row.note}`);
			}
		}
	}
	return tally;
}

const pct = (n, d) => (d === 0 ? '—' : `${Math.round((100 * n) / d)}%`);

export function tallyMarkdown(tally, loads, cores, meta) {
	const lines = [
		'## Proof under load (issue 12)',
		'',
		`${meta.date} · ${cores} cores · Node ${meta.node} · commit ${meta.commit} · ${meta.rounds} round(s) per load · load average at the end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`,
		'',
		'`node bench/load.mjs`: references and known-wrong variants of the timing-sensitive exercises, graded by',
		'`lessons check` (which re-runs an inconclusive result by itself, up to 4 gradings) while N processes',
		'spin (`node -e "for(;;);"`, started and ended by pid by the script). Goals: 0 false fails of a',
		'reference (inconclusive allowed, counted); every known-wrong variant fails its intended check (caught',
		'100%, 0 inconclusive).',
		'',
		'| exercise | spinners | reference runs | passed | inconclusive | false fails | gradings per reference | wrong-variant runs | caught | came out inconclusive |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const [exercise, byLoad] of Object.entries(tally)) {
		for (const load of loads) {
			const t = byLoad[load];
			if (!t) continue;
			lines.push(
				`| ${exercise} | ${load} | ${t.refRuns} | ${t.refPass} | ${t.refInconclusive} (${pct(t.refInconclusive, t.refRuns)}) | ${t.refFalseFail} (${pct(t.refFalseFail, t.refRuns)}) | ${(t.tries / Math.max(1, t.refRuns)).toFixed(1)} | ${t.wrongRuns} | ${t.wrongCaught} (${pct(t.wrongCaught, t.wrongRuns)}) | ${t.wrongInconclusive} |`,
			);
		}
	}
	const notes = Object.entries(tally).flatMap(([exercise, byLoad]) =>
		Object.entries(byLoad).flatMap(([load, t]) => t.notes.map((note) => `- ${exercise}, ${load} spinners: ${note}`)),
	);
	if (notes.length > 0) lines.push('', 'Not as it should be:', '', ...notes.map((n) => n.slice(0, 400)));
	return lines.join('\n');
}

async function main() {
	const { values } = parseArgs({
		options: {
			loads: { type: 'string', default: '0,2,4' },
			rounds: { type: 'string', default: '3' },
			exercises: { type: 'string' },
			out: { type: 'string', default: path.join(root, 'bench/RESULTS.md') },
			'no-write': { type: 'boolean', default: false },
		},
	});
	ensureBuilt();
	const cores = availableParallelism();
	const loads = values.loads.split(',').map((m) => Number(m) * cores);
	const rounds = Number(values.rounds);
	const exercises = values.exercises ? values.exercises.split(',') : TIMING_EXERCISES;
	const tally = {};
	let spinners;
	const cleanUp = () => spinners?.end();
	process.on('SIGINT', () => {
		cleanUp();
		process.exit(130);
	});
	process.on('exit', cleanUp);
	try {
		for (const load of loads) {
			for (let round = 0; round < rounds; round++) {
				spinners = startSpinners(load);
				const started = Date.now();
				try {
					tallyRows(tally, checkPack(exercises), load);
				} finally {
					spinners.end();
				}
				process.stderr.write(`${load} spinners, round ${round + 1}/${rounds}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
			}
		}
	} finally {
		cleanUp();
	}
	const markdown = tallyMarkdown(tally, loads, cores, { ...machine(), rounds });
	console.log(markdown);
	if (!values['no-write']) writeResults(values.out, 'load', markdown);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
