#!/usr/bin/env node
// The references on a quiet machine (issues 12 and 15): each exercise's reference verified N times in a
// row (median wall time of the grading, from the grader's own durationMs), and for every timing-sensitive
// check the margin it measured (CheckResult.margin: budget ÷ measured time, or measured ÷ needed overlap;
// the smallest over the check's comparisons): how far a correct solution is from failing it.
//
//   node bench/idle.mjs [--runs 3] [--exercises a,b] [--out FILE] [--no-write]
//
// Run it on an idle machine: it prints the load average before and after, and warns when either is
// above 1 (the figures would then say more about the neighbours than about the grader).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assemble, buildDriver, driver, ensureBuilt, machine, median, root } from './lib.mjs';
import { writeResults } from './results.mjs';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '3' },
		exercises: { type: 'string' },
		out: { type: 'string', default: path.join(root, 'bench/RESULTS.md') },
		'no-write': { type: 'boolean', default: false },
	},
});
const runs = Number(values.runs);
const wanted = values.exercises?.split(',');
const pack = path.join(root, 'lessons');

ensureBuilt();
const driverFile = buildDriver();
const before = loadavg()[0];
if (before > 1) console.error(`bench/idle: the load average is ${before.toFixed(2)}: these are not idle figures`);
const { exercises } = driver(driverFile, ['describe', pack]);
const rows = [];
for (const exercise of exercises) {
	if (wanted && !wanted.includes(exercise.id)) continue;
	const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-idle-'));
	try {
		assemble(exercise, dir, 'solution');
		const results = [];
		for (let i = 0; i < runs; i++) results.push(driver(driverFile, ['verify', pack, exercise.id, dir]));
		const last = results.at(-1);
		const margins = (last.timingChecks ?? []).map((check) => {
			if (check.status !== 'pass') return `${check.id} ${check.status}`;
			return `${check.id} ${check.margin === undefined ? 'pass (no figure)' : `${check.margin.toFixed(1)}×`}`;
		});
		const row = {
			id: exercise.id,
			timing: exercise.timing,
			medianMs: median(results.map((r) => r.durationMs)),
			statuses: results.map((r) => r.status).join(' '),
			margins,
		};
		rows.push(row);
		console.error(`${row.id}: ${Math.round(row.medianMs)} ms (${row.statuses}) ${margins.join('; ')}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
const after = loadavg()[0];
const m = machine();
const table = [
	'## References on a quiet machine (issues 12 and 15)',
	'',
	`\`node bench/idle.mjs --runs ${runs}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.date}, commit ${m.commit}; load average ${before.toFixed(2)} before and ${after.toFixed(2)} after.`,
	'Time: the median of the grader\'s own `durationMs` over the runs (one verify of the reference, sandbox and checks included, CLI start-up not).',
	'Margins (last run): for each timing-sensitive check, how many times over its budget the reference was (the smallest of its comparisons: budget ÷ time taken, or overlap ÷ overlap needed). Issue 12 asks for 3× or more.',
	'',
	'| exercise | verify (median) | results | timing checks: margin |',
	'|---|---:|---|---|',
	...rows.map((r) => `| ${r.id} | ${(r.medianMs / 1000).toFixed(1)} s | ${r.statuses} | ${r.margins.join('; ') || '—'} |`),
].join('\n');
if (!values['no-write']) writeResults(values.out, 'idle', table);
console.log(table);
