// Every subcommand of conc-tutor, in the order `--help` lists them. cli.ts turns each entry into a
// commander command; `run` imports the command's module only when it runs, so no command pays for
// another's dependencies (`list` never loads React, and only `verify` loads the grader).
//
// To add a command: write source/commands/<name>.ts exporting a function that returns an exit code
// (see EXIT), then add an entry here. `args` use commander's syntax ('<required>', '[optional]');
// options are commander flags ('--json', '--seed <n>'), with `parse` to convert and validate a value
// (throw UsageError with a sentence; it becomes a one-line message and exit code 2).
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';

export interface CommandOption {
	flags: string;
	description: string;
	/** Converts the raw value; throw UsageError for a bad one. */
	parse?: (value: string) => unknown;
}

export interface CommandDef {
	name: string;
	/** Positional arguments in commander syntax, e.g. ['<exercise-id>']. */
	args?: string[];
	description: string;
	options?: CommandOption[];
	/** Runs the command; resolves to its exit code. */
	run(ctx: CommandContext, args: string[], options: Record<string, unknown>): Promise<number>;
}

const JSON_FLAG: CommandOption = { flags: '--json', description: 'print one JSON document instead of text' };

export const commands: CommandDef[] = [
	{
		name: 'list',
		description: 'list lessons and exercises with their status and the file to edit',
		options: [JSON_FLAG],
		run: async (ctx, _args, options) => (await import('./list.js')).list(ctx, { json: options.json === true }),
	},
	{
		name: 'progress',
		description: 'show your saved progress: passed, attempts, hints, last result',
		options: [JSON_FLAG],
		run: async (ctx, _args, options) => (await import('./progress.js')).progress(ctx, { json: options.json === true }),
	},
	{
		name: 'hint',
		args: ['<exercise-id>'],
		description: 'show the next hint for an exercise (hints go from gentle to explicit)',
		run: async (ctx, [id]) => (await import('./hint.js')).hint(ctx, id!),
	},
	{
		name: 'reset',
		args: ['<exercise-id>'],
		description: "put an exercise's starter files back (your versions are kept as a backup)",
		run: async (ctx, [id]) => (await import('./reset.js')).reset(ctx, id!),
	},
	{
		name: 'verify',
		args: ['<exercise-id>'],
		description: 'grade your solution: runs it in real workers and processes, exit 0 on pass, 1 on fail',
		options: [
			JSON_FLAG,
			{ flags: '--seed <n>', description: 'replay the run with this seed (printed by a failing verify)', parse: wholeNumber('--seed') },
			{ flags: '--timeline', description: 'draw what every thread and process did during the run' },
		],
		run: async (ctx, [id], options) =>
			(await import('./verify.js')).verify(ctx, id!, {
				json: options.json === true,
				seed: options.seed as number | undefined,
				timeline: options.timeline === true,
			}),
	},
	{
		name: 'solution',
		args: ['<exercise-id>'],
		description: 'show the reference solution (after a pass, or after 3 attempts with --yes)',
		options: [{ flags: '--yes', description: 'confirm you want to see it before passing' }],
		run: async (ctx, [id], options) => (await import('./solution.js')).solution(ctx, id!, { yes: options.yes === true }),
	},
	{
		name: 'grade',
		args: ['<paths...>'],
		description: "instructors: grade learners' workspaces (or folders of them) into a report",
		options: [
			{ flags: '--format <format>', description: 'table, csv, junit or json (default table)' },
			{ flags: '--out <file>', description: 'write the report to a file instead of stdout' },
			{ flags: '--jobs <n>', description: 'cells graded at once (default: the number of cores)', parse: positiveNumber('--jobs') },
			{ flags: '--exercises <ids>', description: 'only these exercises, comma-separated', parse: idList },
			{ flags: '--resume', description: 'keep the cells already graded for --out (from its journal, or the file itself when JSON) and grade the rest' },
			{ flags: '--seed <n>', description: 'seed for every cell (default 1: the same runs for every learner)', parse: wholeNumber('--seed') },
			{ flags: '--no-isolation', description: "grade even where learners' code cannot be isolated (no bubblewrap): it runs with your rights" },
			{ flags: '--queue <url>', description: 'grade on grade-workers through Redis at redis://[user:pass@]host:port[/db] (rediss:// for TLS)' },
		],
		run: async (ctx, args, options) =>
			(await import('./grade.js')).grade(ctx, args.flat(), {
				queue: options.queue as string | undefined,
				allowUnisolated: options.isolation === false,
				format: options.format as string | undefined,
				out: options.out as string | undefined,
				jobs: options.jobs as number | undefined,
				exercises: options.exercises as string[] | undefined,
				resume: options.resume === true,
				seed: options.seed as number | undefined,
			}),
	},
	{
		name: 'grade-worker',
		description: 'instructors: grade cells queued by grade --queue on this machine, until Ctrl+C',
		options: [
			{ flags: '--queue <url>', description: 'the Redis the cells are queued on: redis://[user:pass@]host:port[/db] (rediss:// for TLS)' },
			{ flags: '--jobs <n>', description: 'ordinary cells graded at once (default: the number of cores); timing-sensitive ones run alone', parse: positiveNumber('--jobs') },
			{ flags: '--lock-seconds <n>', description: "how long a dead worker's cell waits before another worker takes it (default 30)", parse: positiveNumber('--lock-seconds') },
			{ flags: '--no-isolation', description: "grade even where learners' code cannot be isolated (no bubblewrap): it runs with your rights" },
		],
		run: async (ctx, _args, options) =>
			(await import('./grade-worker.js')).gradeWorker(ctx, {
				queue: options.queue as string | undefined,
				jobs: options.jobs as number | undefined,
				lockSeconds: options.lockSeconds as number | undefined,
				allowUnisolated: options.isolation === false,
			}),
	},
	{
		name: 'lessons',
		args: ['<action>', '[names...]'],
		description: "authors: 'lessons check [DIR]' proves a pack's exercises ('--mutants': against mutants of each reference); 'lessons new <lesson-id> [<exercise-id>]' scaffolds one",
		options: [
			JSON_FLAG,
			{ flags: '--jobs <n>', description: 'variants graded at once (default: the number of cores)', parse: positiveNumber('--jobs') },
			{ flags: '--exercises <ids>', description: 'only these exercises, comma-separated', parse: idList },
			{ flags: '--mutants', description: "check: the mutation gate: grade mutants of every reference solution, fail if one survives" },
			{ flags: '--sample <n>', description: "with --mutants: generic mutants graded per exercise, or 'all' (default 10; concurrency ones: all)", parse: sampleSize },
			{ flags: '--operators <names>', description: 'with --mutants: only these mutation operators, comma-separated', parse: nameList('--operators') },
			{ flags: '--incremental', description: "with --mutants: take the kills recorded in each exercise's mutants.killed.json while its files are unchanged, and record new ones" },
		],
		run: async (ctx, [action, ...names], options) =>
			(await import('./lessons.js')).lessons(ctx, action!, names.flat(), {
				json: options.json === true,
				jobs: options.jobs as number | undefined,
				exercises: options.exercises as string[] | undefined,
				mutants: options.mutants === true,
				sample: options.sample as number | undefined,
				operators: options.operators as string[] | undefined,
				incremental: options.incremental === true,
			}),
	},
];

/** Parses a whole number ≥ 1 (for --jobs). */
export function positiveNumber(flag: string): (value: string) => number {
	return (value) => {
		if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} needs a whole number of at least 1, like ${flag} 2 (got '${value}').`);
		return Number(value);
	};
}

/** Parses "a,b,c" into ids. */
function idList(value: string): string[] {
	const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
	if (ids.length === 0) throw new UsageError(`--exercises needs exercise ids separated by commas, like --exercises shared-counter,dining-philosophers.`);
	return ids;
}

/** Parses --sample: a whole number, or 'all'. */
function sampleSize(value: string): number {
	if (value === 'all') return Infinity;
	if (!/^\d+$/.test(value)) throw new UsageError(`--sample needs a whole number or 'all', like --sample 20 (got '${value}').`);
	return Number(value);
}

/** Parses "A,B" into names. */
function nameList(flag: string): (value: string) => string[] {
	return (value) => {
		const names = value.split(',').map((name) => name.trim()).filter(Boolean);
		if (names.length === 0) throw new UsageError(`${flag} needs names separated by commas, like ${flag} AwaitDropped,LockPairRemoved.`);
		return names;
	};
}

/** Parses a whole number ≥ 0 (for options like --seed); throws UsageError naming the flag otherwise. */
export function wholeNumber(flag: string): (value: string) => number {
	return (value) => {
		if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a whole number, like ${flag} 42 (got '${value}').`);
		return Number(value);
	};
}
