#!/usr/bin/env node
// Grading a class (issue 6, item 6): a synthetic class of workspaces graded with
// `conc-tutor grade <class> --jobs <cores> --format json`, at 10, 20 and 30 learners.
//
//   node bench/class.mjs [--pack DIR] [--sizes 10,20,30] [--jobs N] [--out FILE]
//   (also run at the end of `npm run bench`, unless --skip-class)
//
// Each learner has every exercise of the pack, assembled as a learner would have it (starter + lab files)
// with, by turns, the reference solution, the untouched starter or one of the known-wrong variants. Reported
// per size: wall time, CPU of the whole process tree (user + sys of `grade` and every process it started and
// reaped, from /proc/self/stat's cutime + cstime around the run), CPU utilisation (CPU ÷ wall ÷ cores), cost
// per cell (wall ÷ cells and CPU ÷ cells). The largest class is graded a second time on the exercises
// without timing-sensitive checks only, which `grade` may run in parallel: the goal is ≥ 0.8 of the cores
// busy there (1.6 of 2). Cost grows linearly when the wall time per cell stays within 25% across sizes.
// Every cell's status is compared with what its variant must give (reference passes, starter does not,
// a wrong variant fails on its intended check): mismatches are counted, as grading under load must not
// change verdicts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assemble, buildDriver, cli, driver, ensureBuilt, fixturePack, machine, ms, root, runTree } from './lib.mjs';
import { writeResults } from './results.mjs';

/** What learner `i` has for exercise `j`: a reference, the starter or a known-wrong variant, by turns. */
function variantFor(exercise, i, j) {
	const kind = (i + j) % 3;
	if (kind === 0) return { overlay: 'solution', expect: 'pass' };
	if (kind === 1) return { overlay: 'starter', expect: 'not-pass' };
	const variants = Object.keys(exercise.wrong);
	const variant = variants[Math.floor(i / 3) % variants.length];
	return { overlay: `wrong/${variant}`, expect: exercise.wrong[variant] };
}

export function buildClass(dir, size, exercises) {
	const expected = new Map();
	for (let i = 0; i < size; i++) {
		const name = `learner-${String(i + 1).padStart(2, '0')}`;
		const workspace = path.join(dir, name);
		mkdirSync(path.join(workspace, '.conc-tutor'), { recursive: true });
		exercises.forEach((exercise, j) => {
			const { overlay, expect } = variantFor(exercise, i, j);
			assemble(exercise, path.join(workspace, exercise.lessonDir, exercise.id), overlay);
			expected.set(`${name}/${exercise.id}`, { overlay, expect });
		});
	}
	return expected;
}

/** Cells whose verdict is not what their variant must give (the rule of `conc-tutor lessons check`). */
function mismatches(report, expected, label) {
	const wrong = [];
	for (const cell of report.cells) {
		const want = expected.get(`${cell.learner}/${cell.exercise}`);
		if (!want) continue;
		const failed = (cell.checks ?? []).filter((check) => check.status === 'fail').map((check) => check.id);
		const ok =
			want.expect === 'pass'
				? cell.status === 'pass'
				: want.expect === 'not-pass'
					? cell.status === 'fail' || cell.status === 'error'
					: failed.includes(want.expect);
		if (!ok) {
			const got = cell.status === 'pass' ? 'pass' : `${cell.status}, failed: ${failed.join(', ') || cell.failedCheck || '?'}`;
			wrong.push(`${label}: ${cell.learner}/${cell.exercise} (${want.overlay}, expected ${want.expect}) got ${got}`);
		}
	}
	return wrong;
}

async function grade({ classDir, pack, jobs, exercises, out }) {
	const args = [cli, '--lessons', pack, 'grade', classDir, '--jobs', String(jobs), '--format', 'json', '--out', out];
	if (exercises) args.push('--exercises', exercises.join(','));
	const result = await runTree(process.execPath, args, { cwd: path.dirname(classDir), env: { ...process.env, NO_COLOR: '1' } });
	if (result.status !== 0) throw new Error(`grade exited ${result.status}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
	return { ...result, report: JSON.parse(readFileSync(out, 'utf8')) };
}

/** Least-squares line wall = a + b × cells, and its R². */
function fitLine(points) {
	const n = points.length;
	const mx = points.reduce((s, p) => s + p.x, 0) / n;
	const my = points.reduce((s, p) => s + p.y, 0) / n;
	const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
	const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
	const b = sxx ? sxy / sxx : NaN;
	const a = my - b * mx;
	const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
	const ssRes = points.reduce((s, p) => s + (p.y - (a + b * p.x)) ** 2, 0);
	return { a, b, r2: ssTot ? 1 - ssRes / ssTot : NaN };
}

export async function classBench({ pack = fixturePack, sizes = [10, 20, 30], jobs = availableParallelism(), driverFile, say = () => {} } = {}) {
	const before = machine();
	driverFile ??= buildDriver();
	const { exercises } = driver(driverFile, ['describe', pack]);
	const parallelIds = exercises.filter((e) => !e.timing).map((e) => e.id);
	const timingIds = exercises.filter((e) => e.timing).map((e) => e.id);
	const work = mkdtempSync(path.join(tmpdir(), 'conc-tutor-class-bench-'));
	const results = [];
	let parallelOnly;
	try {
		sizes = [...new Set(sizes)].filter((n) => n > 0).sort((a, b) => a - b);
		for (const size of sizes) {
			const classDir = path.join(work, `class-${size}`, 'class');
			const expected = buildClass(classDir, size, exercises);
			say(`class bench: grading ${size} workspaces × ${exercises.length} exercises (--jobs ${jobs})…`);
			const run = await grade({ classDir, pack, jobs, out: path.join(work, `class-${size}`, 'report.json') });
			results.push({ size, cells: run.report.cells.length, wall: run.wall, cpu: run.cpu, wrong: mismatches(run.report, expected, `class of ${size}`) });
			if (size === sizes.at(-1) && parallelIds.length > 0) {
				say(`class bench: grading ${size} workspaces on the exercises without timing checks only…`);
				const only = await grade({ classDir, pack, jobs, exercises: parallelIds, out: path.join(work, `class-${size}`, 'parallel.json') });
				parallelOnly = { size, cells: only.report.cells.length, wall: only.wall, cpu: only.cpu, wrong: mismatches(only.report, expected, `class of ${size}, no timing checks`) };
			}
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	const after = machine();
	const cores = before.cores;
	const line = (label, r) => {
		const busy = r.cpu / r.wall;
		return `| ${label} | ${r.cells} | ${(r.wall / 1000).toFixed(1)} s | ${(r.cpu / 1000).toFixed(1)} s | ${busy.toFixed(2)} of ${cores} (${Math.round((100 * busy) / cores)}%) | ${ms(r.wall / r.cells)} | ${ms(r.cpu / r.cells)} | ${r.wrong.length} |`;
	};
	const table = [
		'| class | cells | wall | CPU (user+sys, tree) | cores busy (CPU ÷ wall) | wall per cell | CPU per cell | verdicts not as expected |',
		'|---|---:|---:|---:|---|---:|---:|---:|',
		...results.map((r) => line(`${r.size} workspaces, all exercises`, r)),
		...(parallelOnly ? [line(`${parallelOnly.size} workspaces, no timing checks (${parallelIds.join(', ')})`, parallelOnly)] : []),
	];
	const perCell = results.map((r) => r.wall / r.cells);
	const spread = Math.max(...perCell) / Math.min(...perCell);
	const line2 = fitLine(results.map((r) => ({ x: r.cells, y: r.wall })));
	const busyParallel = parallelOnly ? parallelOnly.cpu / parallelOnly.wall : NaN;
	const target = 0.8 * cores;
	const goals = [
		parallelOnly
			? `- ${busyParallel >= target ? 'MET' : 'MISSED'}: cells without timing-sensitive checks keep ≥ ${target.toFixed(1)} of ${cores} cores busy (${busyParallel.toFixed(2)})`
			: '- NOT MEASURED: cells without timing-sensitive checks (the pack has none)',
		results.length > 1
			? `- ${spread <= 1.25 ? 'MET' : 'MISSED'}: cost grows linearly — wall per cell ${perCell.map((v) => ms(v)).join(' / ')} at ${results.map((r) => r.size).join(' / ')} workspaces (largest ÷ smallest ${spread.toFixed(2)}, goal ≤ 1.25); fit wall = ${ms(line2.a)} + ${ms(line2.b)} × cells, R² ${line2.r2.toFixed(3)}`
			: '- NOT MEASURED: linear growth needs two sizes or more',
	];
	const wrongAll = [...results.flatMap((r) => r.wrong), ...(parallelOnly?.wrong ?? [])];
	return [
		'## Grading a class',
		'',
		`${after.date} · ${cores} cores (${before.cpu}) · Node ${before.node} · load average ${before.load} → ${after.load} · commit ${before.commit}`,
		'',
		`\`conc-tutor grade <class> --jobs ${jobs} --format json --out FILE\` on a synthetic class: pack \`${path.relative(root, pack) || pack}\`, ${exercises.length} exercises per workspace (timing-sensitive, run alone: ${timingIds.join(', ') || 'none'}); learner i has for exercise j the reference, the starter or a known-wrong variant by turns ((i + j) mod 3). One run per size. Run alone: \`node bench/class.mjs [--sizes 10,20,30] [--jobs N] [--pack DIR]\`.`,
		'',
		...table,
		'',
		'Goals:',
		'',
		...goals,
		...(wrongAll.length ? ['', `Verdicts not as expected (${wrongAll.length}): ${wrongAll.slice(0, 12).join('; ')}${wrongAll.length > 12 ? '; …' : ''}`] : []),
		'',
		"CPU is what the kernel charged to `grade` and to every descendant reaped beneath it (sandboxes, their workers and children); a process orphaned by a killed sandbox would not be counted.",
	].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({
		options: {
			pack: { type: 'string' },
			sizes: { type: 'string', default: '10,20,30' },
			jobs: { type: 'string' },
			out: { type: 'string', default: path.join(root, 'bench/RESULTS.md') },
			build: { type: 'boolean', default: false },
		},
	});
	ensureBuilt({ force: values.build });
	const markdown = await classBench({
		pack: path.resolve(values.pack ?? fixturePack),
		sizes: values.sizes.split(',').map(Number),
		jobs: values.jobs ? Number(values.jobs) : undefined,
		say: (line) => process.stderr.write(`${line}\n`),
	});
	console.log(markdown);
	writeResults(values.out, 'class', markdown);
	process.stderr.write(`class bench: wrote ${values.out}\n`);
}
