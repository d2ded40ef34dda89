// What every command gets: where the workspace and the lessons are, the streams, styling, and the
// lesson pack and workspace loaded on first use (so `--help` or a usage error costs no disk reads).
// The lesson loader (yaml, zod) is passed in: program.ts imports it only when a command runs.
import path from 'node:path';
import type { Exercise, LessonPack } from '../lessons/types.js';
import { DEFAULT_WORKSPACE_NAME, ensureWorkspace, type WorkspaceReport } from '../workspace/index.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { closest } from './suggest.js';
import { colorEnabled, createStyle, type Style } from './style.js';
import { invocation } from './invocation.js';

/** The global options as given on the command line (before resolving). */
/** source/lessons/load.ts, imported when a command runs. */
export type LessonLoader = Pick<typeof import('../lessons/load.js'), 'bundledLessonsDir' | 'loadPack' | 'findExercise' | 'allExercises'>;

export interface GlobalOptions {
	workspace?: string;
	lessons?: string;
}

export interface CommandContext {
	readonly io: Io;
	/** Absolute path of the learner's workspace (may not exist yet: call workspace() to create it). */
	readonly workspaceDir: string;
	/** Absolute path of the lesson pack. */
	readonly lessonsDir: string;
	/** Styling for stdout; plain text when stdout is not a terminal or NO_COLOR is set. */
	readonly style: Style;
	/** Whether colour is allowed at all (NO_COLOR unset); the TUI passes this on to Ink. */
	readonly color: boolean;
	/** Writes a line to stdout. */
	out(line?: string): void;
	/** Writes a line to stderr. */
	err(line: string): void;
	/** The lesson pack, loaded and validated once; throws PackError. */
	pack(): LessonPack;
	/** Creates or upgrades the workspace once (printing its path when it is new); returns what it did. */
	workspace(): WorkspaceReport;
	/** The exercise with this id, or a UsageError that suggests the nearest id. */
	exercise(id: string): Exercise;
}

/** --workspace, else $CONC_TUTOR_WORKSPACE, else ./conc-tutor-work; always absolute. */
export function resolveWorkspaceDir(options: GlobalOptions, env: NodeJS.ProcessEnv, cwd: string): string {
	const chosen = options.workspace ?? (env.CONC_TUTOR_WORKSPACE || undefined) ?? DEFAULT_WORKSPACE_NAME;
	return path.resolve(cwd, chosen);
}

/** --lessons, else the pack bundled with the package. */
export function resolveLessonsDir(options: GlobalOptions, cwd: string, bundled: () => string): string {
	return options.lessons ? path.resolve(cwd, options.lessons) : bundled();
}

export function createContext(io: Io, options: GlobalOptions, loader: LessonLoader): CommandContext {
	const { loadPack, findExercise, allExercises } = loader;
	const workspaceDir = resolveWorkspaceDir(options, io.env, io.cwd);
	const lessonsDir = resolveLessonsDir(options, io.cwd, loader.bundledLessonsDir);
	const color = colorEnabled(io.env, { isTTY: true });
	let pack: LessonPack | undefined;
	let report: WorkspaceReport | undefined;
	const ctx: CommandContext = {
		io,
		workspaceDir,
		lessonsDir,
		color,
		style: createStyle(colorEnabled(io.env, io.stdout)),
		out: (line = '') => void io.stdout.write(`${line}\n`),
		err: (line) => void io.stderr.write(`${line}\n`),
		pack: () => (pack ??= loadPack(lessonsDir)),
		workspace() {
			if (!report) {
				report = ensureWorkspace(workspaceDir, ctx.pack());
				// stderr, so that `list --json` and other machine-readable output stay one clean document.
				if (report.created) ctx.err(`conc-tutor: created your workspace at ${report.dir}`);
				else if (report.addedExercises.length > 0) {
					ctx.err(`conc-tutor: added ${report.addedExercises.length} new exercise(s) to your workspace at ${report.dir}`);
				}
			}
			return report;
		},
		exercise(id) {
			const found = findExercise(ctx.pack(), id);
			if (found) return found;
			const suggestion = closest(id, allExercises(ctx.pack()).map((exercise) => exercise.id));
			const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
			const shown = id.length > 60 ? `${id.slice(0, 57)}…` : id;
			throw new UsageError(`There is no exercise '${shown}'${hint}; '${invocation(io.env)} list' shows every exercise id.`);
		},
	};
	return ctx;
}
