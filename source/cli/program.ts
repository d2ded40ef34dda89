// Parses the command line with commander and dispatches to the commands in the registry. It owns the
// rules every command shares: usage mistakes are one line and exit 2, a broken lesson pack is one
// line naming file and field and exit 2, and nothing a learner sees is a stack trace.
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { commands, type CommandDef } from '../commands/registry.js';
import { PackError, SpecError } from '../lessons/errors.js';
import { WorkspaceError } from '../workspace/index.js';
import { createContext, type CommandContext, type GlobalOptions } from './context.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit.js';
import type { Io } from './io.js';
import { closest } from './suggest.js';

const NAME = 'conc-tutor';

/** One line for a commander parse error, with where to look for the right usage. */
export function usageLine(error: CommanderError, commandName?: string): string {
	const text = error.message
		.replace(/^error: /, '')
		.replace(/\s*\n\s*/g, ' ')
		.replace('(Did you mean', '(did you mean')
		.replace(/[.\s]+$/, '');
	const help = commandName ? `${NAME} ${commandName} --help` : `${NAME} --help`;
	return `${NAME}: ${text}. Run '${help}' for usage.`;
}

function describePackError(error: PackError, cwd: string): string {
	const relative = error.file.startsWith(`${cwd}/`) ? error.file.slice(cwd.length + 1) : error.file;
	return `${NAME}: the lesson pack has a problem: ${relative}: ${error.problem}`;
}

/** Runs a command and turns the errors people can act on into one line and an exit code. */
async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
	try {
		return await body();
	} catch (error) {
		const line = (text: string) => void io.stderr.write(`${text}\n`);
		if (error instanceof UsageError) {
			line(`${NAME}: ${error.message}`);
			return EXIT.usage;
		}
		if (error instanceof PackError) {
			line(describePackError(error, io.cwd));
			return EXIT.usage;
		}
		if (error instanceof SpecError) {
			line(`${NAME}: the lesson pack has a problem: ${error.message}`);
			return EXIT.usage;
		}
		if (error instanceof WorkspaceError) {
			line(`${NAME}: ${error.message}`);
			return EXIT.fail;
		}
		if (error instanceof CommanderError) throw error;
		const message = error instanceof Error ? error.message : String(error);
		line(`${NAME}: something went wrong inside the tool: ${message}. Please report it; CONC_TUTOR_DEBUG=1 shows where it happened.`);
		if (io.env.CONC_TUTOR_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
		return EXIT.fail;
	}
}

function addCommand(program: Command, def: CommandDef, run: (def: CommandDef, cmd: Command) => Promise<void>): void {
	const command = program.command(def.name).description(def.description).allowExcessArguments(false);
	for (const arg of def.args ?? []) command.argument(arg);
	for (const option of def.options ?? []) {
		if (option.parse) command.option(option.flags, option.description, option.parse);
		else command.option(option.flags, option.description);
	}
	command.exitOverride((error) => {
		throw Object.assign(error, { commandName: def.name });
	});
	command.action(async (...actionArgs: unknown[]) => run(def, actionArgs.at(-1) as Command));
}

/** Parses argv (without node and script) and runs the command; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
	let exitCode: number = EXIT.ok;
	const program = new Command(NAME)
		.description('Learn concurrency in Node.js and TypeScript: lessons, exercises and a grader that runs your code.')
		.version(pkg.version, '-v, --version', 'print the version')
		.helpOption('-h, --help', 'show this help')
		.option('--workspace <dir>', 'folder for your exercise files (default ./conc-tutor-work, or $CONC_TUTOR_WORKSPACE)')
		.option('--lessons <dir>', 'use a lesson pack other than the bundled one')
		.option('--poll', 'tutor: notice your saves by polling (WSL, network drives: when saving does not grade)')
		.allowExcessArguments(true)
		.showSuggestionAfterError(true)
		.configureOutput({
			writeOut: (text) => void io.stdout.write(text),
			writeErr: (text) => void io.stderr.write(text),
			// Parse errors are reported by usageLine below, as one line.
			outputError: () => {},
		})
		.exitOverride()
		.addHelpText('after', `\nRun '${NAME}' with no command to start the interactive tutor.`);

	// The lesson loader brings yaml and zod; --help, --version and usage errors never need it.
	const context = async (): Promise<CommandContext> =>
		createContext(io, program.opts<GlobalOptions>(), await import('../lessons/load.js'));
	const runDef = async (def: CommandDef, cmd: Command) => {
		exitCode = await guarded(io, async () => def.run(await context(), cmd.args, cmd.opts()));
	};
	for (const def of commands) addCommand(program, def, runDef);

	program.action(async () => {
		const [unknown] = program.args;
		if (unknown !== undefined) {
			const suggestion = closest(unknown, commands.map((def) => def.name));
			const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
			io.stderr.write(`${NAME}: unknown command '${unknown}'${hint}. Run '${NAME} --help' to see the commands.\n`);
			exitCode = EXIT.usage;
			return;
		}
		const poll = program.opts<{ poll?: boolean }>().poll === true;
		exitCode = await guarded(io, async () => (await import('../commands/tui.js')).tui(await context(), { poll }));
	});

	try {
		await program.parseAsync([...argv], { from: 'user' });
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`${NAME}: ${error.message}\n`);
			return EXIT.usage;
		}
		if (!(error instanceof CommanderError)) throw error;
		if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return EXIT.ok;
		io.stderr.write(`${usageLine(error, (error as CommanderError & { commandName?: string }).commandName)}\n`);
		return EXIT.usage;
	}
	return exitCode;
}
