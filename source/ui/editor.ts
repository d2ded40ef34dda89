// Handing the terminal to the learner's editor and taking it back. Ink 6 has no suspend, so this does
// what a suspend needs by hand: leave the alternate screen, turn raw mode off, run the editor with the
// terminal inherited, then restore both. The editor runs synchronously (execaSync) on purpose: while it runs, this
// process's event loop is blocked, so nothing here reads the keys meant for the editor and nothing
// draws over it. Saves made meanwhile are queued by the watcher and graded when the editor exits.
import { execaSync } from 'execa';
import type { EditorOutcome } from './model.js';

export const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
export const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const CLEAR_SCREEN = '\u001B[2J\u001B[H';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

/** The editor command the learner chose: $VISUAL, else $EDITOR (git's order); undefined when neither is set. */
export function editorCommand(env: NodeJS.ProcessEnv): string | undefined {
	for (const name of ['VISUAL', 'EDITOR'] as const) {
		const value = env[name]?.trim();
		if (value) return value;
	}
	return undefined;
}

/**
 * How to run `command` on `file`: through the shell, so an editor given with arguments ("code --wait",
 * "emacs -nw") works, with the file passed as an argument rather than pasted into the command line.
 */
export function editorInvocation(command: string, file: string, platform = process.platform): { cmd: string; args: string[]; shell: boolean } {
	if (platform === 'win32') return { cmd: `${command} "${file}"`, args: [], shell: true };
	return { cmd: '/bin/sh', args: ['-c', `${command} "$1"`, 'sh', file], shell: false };
}

export interface Terminal {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	env: NodeJS.ProcessEnv;
}

/** Runs the editor on `file` with the terminal handed over; returns when it exits. */
export function runEditor(file: string, terminal: Terminal = { stdin: process.stdin, stdout: process.stdout, env: process.env }): EditorOutcome {
	const command = editorCommand(terminal.env);
	if (!command) return { kind: 'no-editor' };
	const { stdin, stdout } = terminal;
	const raw = stdin.isTTY && stdin.isRaw;
	stdout.write(`${LEAVE_ALTERNATE_SCREEN}${SHOW_CURSOR}conc-tutor: waiting for ${command} to close (editing ${file})\n`);
	if (raw) stdin.setRawMode(false);
	// A Ctrl+C typed into an editor that leaves the terminal cooked reaches this process as SIGINT too.
	// Without a listener, Ink's exit hook would end the tutor; with one, the signal is the editor's alone.
	const ignore = () => {};
	process.on('SIGINT', ignore);
	let outcome: EditorOutcome;
	try {
		const { cmd, args, shell } = editorInvocation(command, file);
		// reject: false: an editor that exits non-zero or is killed still ends the edit; only a spawn that
		// failed (no exit code, no signal) or the shell's "not found" is the learner's to hear about.
		const result = execaSync(cmd, args, { stdio: 'inherit', shell, reject: false });
		const unstarted = result.exitCode === undefined && !result.isTerminated;
		if (unstarted) outcome = { kind: 'failed', editor: command, message: result.cause instanceof Error ? result.cause.message : (result.shortMessage ?? 'it could not be started') };
		else if (result.exitCode === 127) outcome = { kind: 'failed', editor: command, message: 'the shell could not find that command' };
		else outcome = { kind: 'edited', editor: command };
	} finally {
		// The signal, if any, is handled on the next turn of the event loop: keep the listener until then.
		setTimeout(() => process.off('SIGINT', ignore), 100);
		if (raw) stdin.setRawMode(true);
		stdout.write(`${ENTER_ALTERNATE_SCREEN}${CLEAR_SCREEN}${HIDE_CURSOR}`);
	}
	return outcome;
}
