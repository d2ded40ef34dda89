// `conc-tutor grade <path>...`: grade a class of workspaces into a table, CSV, JUnit XML or JSON.
import { bar } from '../cli/style.js';
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CommandContext } from '../cli/context.js';
import type { LessonPack } from '../lessons/types.js';
import { discoverLearners, DiscoverError } from '../classroom/discover.js';
import { FORMATS, MARK, render, type Format } from '../classroom/formats.js';
import { journalOf, previousCells, ResumeError } from '../classroom/resume.js';
import { roughly } from '../classroom/estimate.js';
import { gradeClass, UnknownExerciseError, type Cell, type GradeOptions } from '../classroom/grade.js';
import { detectIsolation } from '../grader/isolation.js';
import { procNotice } from '../grader/proc.js';
import { invocation } from '../cli/invocation.js';

export interface GradeFlags {
	format?: string;
	out?: string;
	jobs?: number;
	exercises?: string[];
	resume?: boolean;
	seed?: number;
	/** --no-isolation: grade even where learner code cannot be isolated. */
	allowUnisolated?: boolean;
	/** --queue redis://…: grade on grade-workers through this Redis instead of on this machine. */
	queue?: string;
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

function counted(done: number, total: number): string {
	return `${bar(total === 0 ? 1 : done / total, 24)} ${done}/${total}`;
}

/** "about 2 min left", from the pace of the cells graded so far in this run. */
function eta(startedAt: number, graded: number, left: number): string {
	if (graded === 0 || left === 0) return '';
	return ` · about ${roughly(((Date.now() - startedAt) / graded) * left)} left`;
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
	// Checked before anything is written: an unreachable queue leaves the last report and journal as they were.
	// Loaded only for --queue: a local grade never pays for BullMQ.
	const onQueue = options.queue ? await import('../classroom/queue.js') : undefined;
	if (options.queue && onQueue) {
		const problem = await onQueue.checkQueue(options.queue);
		if (problem) {
			say(problem);
			return 2;
		}
	}
	// Other people's code: never run it unisolated unless the instructor says so (on a queue, the
	// workers decide: each refuses to start without isolation unless told otherwise).
	const isolation = detectIsolation();
	if (isolation.mode === 'none' && !options.allowUnisolated && !options.queue) {
		say(`Not grading: learners' code cannot be isolated here (${isolation.missing}). Pass --no-isolation to grade anyway, with their code running as you.`);
		return 2;
	}
	const noProc = procNotice();
	if (noProc && !options.queue) say(noProc);
	// Each cell is appended here as soon as it is graded, so --resume works even after a crash or kill -9.
	const journal = options.out ? journalOf(options.out) : undefined;
	let previous: Cell[] | undefined;
	if (options.resume && options.out) {
		try {
			previous = previousCells(options.out, format);
		} catch (error) {
			const why = error instanceof ResumeError ? error.message : 'it cannot be read';
			say(`Cannot resume from ${options.out}: ${why}. Grade again without --resume.`);
			return 2;
		}
	} else if (journal) rmSync(journal, { force: true });
	let learners: ReturnType<typeof discoverLearners>;
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
	let interrupted = false;
	const onSigint = () => {
		if (controller.signal.aborted) process.exit(130);
		say('\nStopping: finishing the report with what was graded (Ctrl+C again to quit at once).');
		interrupted = true;
		controller.abort();
	};
	process.on('SIGINT', onSigint);
	const tty = Boolean(stderr.isTTY);
	try {
		const jobs = options.jobs ?? availableParallelism();
		let planned = 0;
		let graded = 0;
		let workers = 0;
		let startedAt = Date.now();
		const queue = options.queue;
		const gradeWith = queue && onQueue ? (o: GradeOptions) => onQueue.gradeOnQueue({ ...o, url: queue, onWorkers: (n) => void (workers = n), onTrouble: (sentence) => say(`${tty ? '\r\x1b[2K' : ''}${sentence}`) }) : gradeClass;
		const report = await gradeWith({
			pack: options.pack,
			learners,
			exerciseIds: options.exercises,
			jobs,
			seed: options.seed,
			signal: controller.signal,
			previous,
			isolation: isolation.mode,
			onRetryRound(count) {
				if (tty) stderr.write('\r\x1b[2K');
				say(`The machine was too busy to judge ${count} cell${count === 1 ? '' : 's'}: grading ${count === 1 ? 'it' : 'them'} again, one at a time…`);
			},
			onPlan({ cells, estimateMs }) {
				planned = cells;
				if (cells > 0 && queue) say(`Queued ${cells} cell${cells === 1 ? '' : 's'} (${learners.length} learner${learners.length === 1 ? '' : 's'}) on ${onQueue!.shownUrl(queue)}: graded by the grade-workers there (one alone: about ${roughly(estimateMs)}).`);
				else if (cells > 0) say(`Grading ${cells} cell${cells === 1 ? '' : 's'} (${learners.length} learner${learners.length === 1 ? '' : 's'}), ${jobs} at a time: about ${roughly(estimateMs)}.`);
				startedAt = Date.now();
			},
			onCell(cell, done, total) {
				if (journal) appendFileSync(journal, `${JSON.stringify(cell)}\n`);
				options.onCell?.(cell, done, total);
				graded++;
				const seconds = (Date.now() - startedAt) / 1000;
				const pace = queue ? ` · ${seconds > 0 ? (graded / seconds).toFixed(1) : '0'} cells/s · ${workers} worker${workers === 1 ? '' : 's'}` : '';
				const line = `${counted(done, total)} ${cell.learner} · ${cell.exercise} ${MARK[cell.status]}${pace}${eta(startedAt, graded, planned - graded)}`;
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
			// Stopped by Ctrl+C with the report written: nothing is left to wait for. A lost queue's client
			// would otherwise keep trying to reconnect, and the process would not end.
			if (interrupted) setTimeout(() => process.exit(130), 500).unref();
			return 130;
		}
		return 0;
	} catch (error) {
		if (error instanceof UnknownExerciseError) {
			say(`${error.message} See the ids with: ${invocation()} list`);
			return 2;
		}
		throw error;
	} finally {
		process.off('SIGINT', onSigint);
	}
}
