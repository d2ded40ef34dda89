// Running conc-tutor the two ways the tests do: main() in-process with its output captured (fast, and
// the command's code is what vitest measures), or the built dist/cli.js as a real process (execa).
import { execa } from 'execa';
import type { Io } from '../../source/cli/io.js';
import { main } from '../../source/cli/program.js';
import { builtCli } from './paths.js';
import { tempDir } from './temp.js';

export interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	/** The whole environment the command sees (nothing is inherited). Default: empty. */
	env?: NodeJS.ProcessEnv;
	/** Pretend stdin and stdout are a terminal (in-process only). */
	tty?: boolean;
	/** Default: a fresh temporary folder. */
	cwd?: string;
}

/** main(argv) in this process, as the shell would call it; stdout is 100 columns wide. */
export async function runMain(argv: string[], options: RunOptions = {}): Promise<Ran> {
	let stdout = '';
	let stderr = '';
	const io: Io = {
		stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false, columns: 100 },
		stderr: { write: (text: string) => (stderr += text) },
		stdin: { isTTY: options.tty ?? false },
		env: { ...options.env },
		cwd: options.cwd ?? tempDir(),
	};
	const code = await main(argv, io);
	return { code, stdout, stderr };
}

/**
 * node dist/cli.js `args` as a process; its environment is `env` (default: only PATH). A non-zero exit is
 * a result to test, not an error.
 */
export async function runCli(args: string[], options: Omit<RunOptions, 'tty'> & { timeoutMs?: number } = {}): Promise<Ran> {
	const result = await execa(process.execPath, [builtCli, ...args], {
		env: options.env ?? { PATH: process.env.PATH },
		extendEnv: false,
		cwd: options.cwd ?? tempDir(),
		reject: false,
		stripFinalNewline: false,
		...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
	});
	if (result.exitCode === undefined) throw new Error(`dist/cli.js ${args.join(' ')} did not exit: ${result.shortMessage}`);
	return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
