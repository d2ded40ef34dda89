// A class report as a terminal table, CSV, JUnit XML or JSON (--resume reads back only JSON: resume.ts).
import type { CellStatus, ClassReport } from './grade.js';

export type Format = 'table' | 'json' | 'csv' | 'junit';
export const FORMATS: Format[] = ['table', 'json', 'csv', 'junit'];

export const MARK: Record<CellStatus, string> = { pass: '✓', fail: '✗', 'not-started': '○', error: '!', missing: '·', inconclusive: '?' };

function score(report: ClassReport, learner: string): string {
	const entry = report.learners.find((l) => l.name === learner);
	return entry ? `${entry.passed}/${entry.total}` : '';
}

export function toTable(report: ClassReport): string {
	const nameWidth = Math.max(7, ...report.learners.map((l) => l.name.length));
	const numbers = report.exercises.map((_, i) => String(i + 1));
	const colWidth = Math.max(...numbers.map((n) => n.length)) + 1;
	const byKey = new Map(report.cells.map((cell) => [`${cell.learner}/${cell.exercise}`, cell]));
	const lines = [
		`${'learner'.padEnd(nameWidth)}  score   ${numbers.map((n) => n.padStart(colWidth)).join('')}`,
		...report.learners.map((learner) => {
			const marks = report.exercises.map((exercise) => {
				const cell = byKey.get(`${learner.name}/${exercise}`);
				return (cell ? MARK[cell.status] : ' ').padStart(colWidth);
			});
			return `${learner.name.padEnd(nameWidth)}  ${`${learner.passed}/${learner.total}`.padEnd(6)}  ${marks.join('')}`;
		}),
		'',
		`${MARK.pass} pass  ${MARK.fail} fail  ${MARK['not-started']} not started  ${MARK.error} error (the grader could not grade it)  ${MARK.missing} missing  ${MARK.inconclusive} inconclusive (the machine was too busy to judge it)`,
		...report.exercises.map((exercise, i) => `${String(i + 1).padStart(colWidth)}  ${exercise}`),
	];
	const problems = report.cells.filter((cell) => cell.status === 'fail' || cell.status === 'error');
	if (problems.length > 0) {
		lines.push('', 'Failures:');
		for (const cell of problems) lines.push(`  ${cell.learner} · ${cell.exercise} · ${cell.failedCheck}: ${cell.message ?? ''}`);
	}
	const unjudged = report.cells.filter((cell) => cell.status === 'inconclusive');
	if (unjudged.length > 0) {
		lines.push('', 'Could not be judged (the machine was too busy, even graded again alone; not a fail — grade these again later):');
		for (const cell of unjudged) lines.push(`  ${cell.learner} · ${cell.exercise} · ${cell.failedCheck}: ${cell.message ?? ''}`);
	}
	if (report.interrupted) lines.push('', 'Interrupted: cells not shown were not graded. Run again with --resume to finish.');
	lines.push('', isolationLine(report));
	return `${lines.join('\n')}\n`;
}

function isolationLine(report: ClassReport): string {
	return report.isolation === 'none'
		? "Graded WITHOUT isolation (--no-isolation): learners' code ran with the grader's rights."
		: 'Graded with isolation (bubblewrap): each run saw only its own files.';
}

const CSV_HEADER = ['learner', 'exercise', 'status', 'failed_check', 'message', 'duration_ms', 'learner_score', 'isolation'];

function csvField(value: string): string {
	return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(report: ClassReport): string {
	const rows = [CSV_HEADER.join(',')];
	for (const cell of report.cells) {
		rows.push(
			[cell.learner, cell.exercise, cell.status, cell.failedCheck ?? '', cell.message ?? '', String(cell.durationMs), score(report, cell.learner), report.isolation]
				.map(csvField)
				.join(','),
		);
	}
	return `${rows.join('\n')}\n`;
}

const xml = (value: string) =>
	value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(
		// characters XML 1.0 cannot hold at all (control characters from a learner's output)
		/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g,
		'',
	);
export function toJunit(report: ClassReport): string {
	const suites = report.learners.map((learner) => {
		const cells = report.cells.filter((cell) => cell.learner === learner.name);
		const count = (status: CellStatus) => cells.filter((cell) => cell.status === status).length;
		const time = cells.reduce((sum, cell) => sum + cell.durationMs, 0) / 1000;
		const cases = cells.map((cell) => {
			const open = `    <testcase classname="${xml(`conc-tutor.${learner.name}`)}" name="${xml(cell.exercise)}" time="${(cell.durationMs / 1000).toFixed(3)}"`;
			const message = xml(cell.message ?? '');
			const type = xml(cell.failedCheck ?? '');
			if (cell.status === 'pass') return `${open}/>`;
			if (cell.status === 'missing') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
			if (cell.status === 'not-started') return `${open}>\n      <skipped message="${message}" type="not-started"/>\n    </testcase>`;
			// Not a failure: JUnit's "skipped", marked so that people (and CI) can tell it from a missing folder.
			if (cell.status === 'inconclusive') return `${open}>\n      <skipped message="${message}" type="inconclusive"/>\n    </testcase>`;
			const tag = cell.status === 'fail' ? 'failure' : 'error';
			return `${open}>\n      <${tag} message="${message}" type="${type}">${message}</${tag}>\n    </testcase>`;
		});
		return [
			`  <testsuite name="${xml(learner.name)}" tests="${cells.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('missing') + count('not-started') + count('inconclusive')}" time="${time.toFixed(3)}">`,
			`    <properties><property name="score" value="${learner.passed}/${learner.total}"/><property name="isolation" value="${report.isolation}"/></properties>`,
			...cases,
			'  </testsuite>',
		].join('\n');
	});
	return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="conc-tutor">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function toJson(report: ClassReport): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}

export function render(report: ClassReport, format: Format): string {
	return { table: toTable, json: toJson, csv: toCsv, junit: toJunit }[format](report);
}
