// bench/RESULTS.md is written in sections, one per benchmark, so `node bench/class.mjs` alone replaces only
// its own section and keeps the figures of the last full `npm run bench`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HEADER = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs: start-up, verify and memory against their floors, then
bench/class.mjs: grading a synthetic class). \`node bench/class.mjs\` alone rewrites only the class section.
Options are listed at the top of each script (\`--runs N\`, \`--pack DIR\`, \`--skip-class\`, \`--sizes 10,20,30\`,
\`--jobs N\`, ...). Each section names the machine, its load average and the date: these are the figures
of one run, as measured, not tuned. A goal the run did not reach says MISSED.
`;

export function writeResults(file, section, markdown) {
	const start = `<!-- bench:${section} -->`;
	const end = `<!-- /bench:${section} -->`;
	const block = `${start}\n${markdown.trim()}\n${end}`;
	let text = existsSync(file) ? readFileSync(file, 'utf8') : `${HEADER}\n`;
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from !== -1 && to > from) text = `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
	else text = `${text.trimEnd()}\n\n${block}\n`;
	writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
