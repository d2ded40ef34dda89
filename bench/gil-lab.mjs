#!/usr/bin/env node
// The GIL lab's speed claims, measured (moved here from test/demos/gil-lab.test.ts, where a wall-clock
// ratio flaked on a busy machine): with one thread computing at a time ("async", "gil") CPU ÷ wall stays
// near 1 (goal < 1.6); "free" workers use more than one core when the cores are idle.
//
//   node bench/gil-lab.mjs [--runs N] [--no-write]
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDriver, driver, machine, median, root } from './lib.mjs';
import { writeResults } from './results.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-write': { type: 'boolean', default: false } } });
const file = buildDriver();
const runs = Array.from({ length: Number(values.runs) }, () => driver(file, ['gil-lab']));
const m = machine();
const lines = [
	'## GIL lab: CPU ÷ wall per mode',
	'',
	`${m.date} · ${m.cores} cores · Node ${m.node} · commit ${m.commit} · ${runs.length} runs · load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`,
	'',
	'| mode | median CPU ÷ wall | runs | goal | result |',
	'|---|---:|---|---|---|',
];
for (const mode of ['async', 'gil', 'free']) {
	const ratios = runs.map((run) => run[mode].ratio);
	const med = median(ratios);
	const goal = mode === 'free' ? '' : '< 1.6';
	const result = mode === 'free' ? '' : med < 1.6 ? 'met' : 'MISSED';
	lines.push(`| ${mode} | ${med.toFixed(2)} | ${ratios.map((r) => r.toFixed(2)).join(', ')} | ${goal} | ${result} |`);
}
const markdown = lines.join('\n');
console.log(markdown);
if (!values['no-write']) writeResults(path.join(root, 'bench/RESULTS.md'), 'gil-lab', markdown);
