// Type errors in a learner's exercise, as a warning beside the verdict. The grader itself only strips types
// (esbuild), so code with type errors runs and may pass: this says what an editor would underline. Best
// effort: without TypeScript installed, or when checking fails, there is simply no warning.
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { distFile } from '../paths.js';

export interface TypeIssue {
	file: string;
	line: number;
	column: number;
	message: string;
}

export interface TypeReport {
	/** Every type error found in the exercise's files. */
	total: number;
	/** The first few, in file order. */
	issues: TypeIssue[];
}

/** Type-checks the exercise folder in a process of its own; undefined when it could not be checked. */
export async function typeCheck(dir: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<TypeReport | undefined> {
	const program = distFile('typecheck');
	if (!existsSync(program)) return undefined;
	try {
		// Imported here, not at the top: execa is dozens of ES modules, and verify --json never checks types.
		const { execa } = await import('execa');
		const checking = execa(process.execPath, [program, dir, String(options.limit ?? 3)], { cancelSignal: options.signal, timeout: 120_000 });
		// Its CPU is spare time: a grading run started meanwhile comes first.
		try {
			if (checking.pid !== undefined) setPriority(checking.pid, 10);
		} catch {
			// not allowed here: it runs at normal priority
		}
		const { stdout } = await checking;
		const report = JSON.parse(stdout) as TypeReport;
		return typeof report.total === 'number' && Array.isArray(report.issues) ? report : undefined;
	} catch {
		return undefined;
	}
}

/** The warning lines: a count, then each shown error as file:line:col and its message. */
export function typeWarningLines(report: TypeReport | undefined, width = 100): string[] {
	if (!report || report.total === 0) return [];
	const shown = report.issues.length < report.total ? ` (first ${report.issues.length} shown)` : '';
	const lines = [`⚠ ${report.total} type error${report.total === 1 ? '' : 's'}${shown}: the grader runs your code anyway, but an editor would flag ${report.total === 1 ? 'it' : 'them'}.`];
	for (const issue of report.issues) {
		const line = `  ${issue.file}:${issue.line}:${issue.column} ${issue.message}`;
		lines.push(line.length > width ? `${line.slice(0, width - 1)}…` : line);
	}
	return lines;
}
