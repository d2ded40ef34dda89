// Turns the JSON of `conc-tutor lessons check --mutants --json` (one or more files, e.g. one per batch of
// exercises) into the Markdown table of bench/MUTANTS.md: per exercise, and the totals.
//   node bench/mutants-table.mjs [--survivors] batch-1.json batch-2.json ...
// --survivors adds, per exercise, the list of surviving mutants (id, line, what changed).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const withSurvivors = args.includes('--survivors');
const reports = args.filter((a) => a !== '--survivors').map((file) => JSON.parse(readFileSync(file, 'utf8')));
const rows = reports.flatMap((r) => r.exercises);
const lines = [
	'| exercise | generated | concurrency | generic graded / all | graded | killed | survived | equivalent | errors | grading time |',
	'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const total = { generated: 0, concurrency: 0, genericGraded: 0, genericAll: 0, graded: 0, killed: 0, survived: 0, equivalent: 0, errors: 0, timeMs: 0 };
for (const s of rows) {
	const note = s.reference ? ' (reference fails with its seed: not graded)' : '';
	lines.push(
		`| ${s.exercise}${note} | ${s.generated} | ${s.concurrency} | ${s.generic.graded} / ${s.generic.total} | ${s.graded} | ${s.killed} | ${s.survived} | ${s.equivalent} | ${s.errors} | ${(s.timeMs / 1000).toFixed(0)} s |`,
	);
	total.generated += s.generated;
	total.concurrency += s.concurrency;
	total.genericGraded += s.generic.graded;
	total.genericAll += s.generic.total;
	total.graded += s.graded;
	total.killed += s.killed;
	total.survived += s.survived;
	total.equivalent += s.equivalent;
	total.errors += s.errors;
	total.timeMs += s.timeMs;
}
lines.push(
	`| **total** | ${total.generated} | ${total.concurrency} | ${total.genericGraded} / ${total.genericAll} | ${total.graded} | ${total.killed} | ${total.survived} | ${total.equivalent} | ${total.errors} | ${(total.timeMs / 1000).toFixed(0)} s |`,
);
const wall = reports.reduce((ms, r) => ms + r.wallMs, 0);
lines.push('', `Wall time: ${(wall / 60000).toFixed(1)} min over ${reports.length} run(s), --jobs ${reports.map((r) => r.jobs).join('/')}, generic sample ${reports[0]?.sample} per exercise.`);
if (withSurvivors) {
	lines.push('', '## Survivors', '');
	for (const s of rows.filter((r) => r.survivors.length > 0)) {
		lines.push(`**${s.exercise}** (seed ${s.seed})`, '');
		for (const m of s.survivors) lines.push(`- \`${m.id}\` (${m.file}:${m.line}): ${m.description.replaceAll('|', '\\|')}`);
		lines.push('');
	}
	const errors = rows.flatMap((s) => s.errorRows);
	if (errors.length > 0) {
		lines.push('## Not graded (grader errors)', '');
		for (const m of errors) lines.push(`- ${m.exercise} \`${m.id}\`: ${m.note}`);
	}
}
process.stdout.write(`${lines.join('\n')}\n`);
