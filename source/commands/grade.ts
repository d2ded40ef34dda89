// `conc-tutor grade <path>...`: grade a class of workspaces into a table, CSV, JUnit XML or JSON.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CommandContext } from '../cli/context.js';
import type { LessonPack } from '../lessons/types.js';
import { discoverLearners, DiscoverError } from '../classroom/discover.js';
import { FORMATS, readCells, render, ResumeError, type Format } from '../classroom/formats.js';
import { gradeClass, UnknownExerciseError, type Cell } from '../classroom/grade.js';

export interface GradeFlags {
	format?: string;
	out?: string;
	jobs?: number;
	exercises?: string[];
	resume?: boolean;
	seed?: number;
}

export function grade(ctx: CommandContext, paths: string[], flags: GradeFlags): Promise<number> {
	return gradeCommand({ pack: ctx.pack(), paths, ...flags, stdout: ctx.io.stdout, stderr: ctx.io.stderr });
}

export interface GradeCommandOptions extends GradeFlags {
	pack: LessonPack;
	paths: string[];
	stdout?: { write(text: string): unknown };
	stderr?: { write(text: string): unknown; isTTY?: boolean };
	/** Lets tests interrupt the run as Ctrl+C would. */
	signal?: AbortSignal;
	/** Called as each cell is graded (tests wait for this, not for a fixed time). */
	onCell?: (cell: Cell, done: number, total: number) => void;
}

const STATUS_MARK = { pass: '✓', fail: '✗', error: '!', missing: '·', inconclusive: '?' } as const;

function bar(done: number, total: number, width = 24): string {
	const filled = total === 0 ? width : Math.round((done / total) * width);
	return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}

export async function gradeCommand(options: GradeCommandOptions): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const say = (text: string) => stderr.write(`${text}\n`);
	const format = (options.format ?? 'table') as Format;
	if (!FORMATS.includes(format)) {
		say(`Unknown format "${options.format}": use one of ${FORMATS.join(', ')}.`);
		return 2;
	}
	if (options.resume && !options.out) {
		say('--resume needs --out FILE: the report of the interrupted run, whose graded cells are kept.');
		return 2;
	}
	let previous: Cell[] | undefined;
	if (options.resume && options.out && existsSync(options.out)) {
		try {
			previous = readCells(readFileSync(options.out, 'utf8'), format);
		} catch (error) {
			const why = error instanceof ResumeError ? error.message : 'cannot be read';
			say(`Cannot resume from ${options.out}: it ${why}. Grade again without --resume.`);
			return 2;
		}
	}
	let learners;
	try {
		learners = discoverLearners(options.paths, options.pack);
	} catch (error) {
		if (error instanceof DiscoverError) {
			say(`${error.message} Give workspaces (folders made by conc-tutor) or a folder that holds them.`);
			return 2;
		}
		throw error;
	}

	const controller = new AbortController();
	options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
	const onSigint = () => {
		if (controller.signal.aborted) process.exit(130);
		say('\nStopping: finishing the report with what was graded (Ctrl+C again to quit at once).');
		controller.abort();
	};
	process.on('SIGINT', onSigint);
	const tty = Boolean(stderr.isTTY);
	try {
		const report = await gradeClass({
			pack: options.pack,
			learners,
			exerciseIds: options.exercises,
			jobs: options.jobs ?? availableParallelism(),
			seed: options.seed,
			signal: controller.signal,
			previous,
			onRetryRound(count) {
				if (tty) stderr.write('\r\x1b[2K');
				say(`The machine was too busy to judge ${count} cell${count === 1 ? '' : 's'}: grading ${count === 1 ? 'it' : 'them'} again, one at a time…`);
			},
			onCell(cell, done, total) {
				options.onCell?.(cell, done, total);
				const line = `${bar(done, total)} ${cell.learner} · ${cell.exercise} ${STATUS_MARK[cell.status]}`;
				if (tty) stderr.write(`\r\x1b[2K${line}`);
			},
		});
		if (tty) stderr.write('\r\x1b[2K');
		const text = render(report, format);
		if (options.out) {
			// Written whole, then renamed: an interrupted write never leaves half a report to resume from.
			writeFileSync(`${options.out}.tmp`, text);
			renameSync(`${options.out}.tmp`, options.out);
			const passed = report.learners.map((l) => `${l.name} ${l.passed}/${l.total}`).join(', ');
			say(`Wrote ${options.out} (${report.cells.length} cells): ${passed}`);
			const unjudged = report.cells.filter((cell) => cell.status === 'inconclusive').length;
			if (unjudged > 0) say(`${unjudged} cell${unjudged === 1 ? '' : 's'} could not be judged (the machine was too busy): marked inconclusive, not fail; --resume grades them again.`);
		} else stdout.write(text);
		if (report.interrupted) {
			say(`Interrupted: ${report.cells.length} cells graded.${options.out ? ` Finish with the same command and --resume.` : ''}`);
			return 130;
		}
		return 0;
	} catch (error) {
		if (error instanceof UnknownExerciseError) {
			say(`${error.message} See the ids with: conc-tutor list`);
			return 2;
		}
		throw error;
	} finally {
		process.off('SIGINT', onSigint);
	}
}
