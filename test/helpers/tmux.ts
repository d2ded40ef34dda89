// Driving the built CLI in a real terminal: a tmux session, keys sent one at a time like a person types
// them, and the screen read back until it shows what the test waits for.
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { execaSync } from 'execa';
import { builtCli, repoRoot } from './paths.js';

function tmux(...args: string[]): string {
	return execaSync('tmux', args, { stdin: 'ignore', stripFinalNewline: false }).stdout;
}

export function tmuxInstalled(): boolean {
	try {
		tmux('-V');
		return true;
	} catch {
		return false;
	}
}

/** Throws a sentence that says what to do when dist/cli.js or tmux is missing. */
export function requireTmuxAndBuild(): void {
	if (!existsSync(builtCli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
	if (!tmuxInstalled()) throw new Error('tmux is not installed; .ci/run installs it (apt-get install tmux)');
}

export interface TutorOptions {
	workspace: string;
	lessons: string;
	columns: number;
	rows: number;
	/** Shell text run before the tutor, on the same line: `NO_COLOR=1`, `unset VISUAL EDITOR;`. */
	before?: string;
}

export class TmuxSession {
	readonly name: string;

	constructor(label: string) {
		this.name = `conc-tutor-${label}-${process.pid}-${Date.now()}`;
	}

	/**
	 * Starts the tutor in a fresh pane. CI=false: Ink draws only the last frame when CI is set. The pane
	 * stays open after the tutor exits, showing `[exit <code>]` and the shell's lines.
	 */
	startTutor(options: TutorOptions): void {
		const command = `cd ${repoRoot} && ${options.before ?? ''} CI=false node ${builtCli} --workspace ${options.workspace} --lessons ${options.lessons}; echo "[exit $?]"; sleep 60`;
		tmux('new-session', '-d', '-s', this.name, '-x', String(options.columns), '-y', String(options.rows), command);
	}

	/** The pane's text, without escape codes. */
	screen(): string {
		return stripVTControlCharacters(tmux('capture-pane', '-p', '-t', this.name));
	}

	/** The pane's text with its colours and styles as escape codes. */
	styledScreen(): string {
		return tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	/** Polls the pane until `test` holds; fails with the last screen after the deadline. */
	async waitFor(test: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			last = this.screen();
			if (test(last)) return last;
			await delay(50);
		}
		throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
	}

	showing(text: string, timeoutMs?: number): Promise<string> {
		return this.waitFor((current) => current.includes(text), `"${text}"`, timeoutMs);
	}

	/** tmux key names, one at a time, a little apart (Ink 6 reads keys closer than 10 ms apart as one sequence). */
	async keys(...names: string[]): Promise<void> {
		for (const name of names) {
			tmux('send-keys', '-t', this.name, name);
			await delay(80);
		}
	}

	/** The pid of the pane's shell: the tutor runs as its child. */
	panePid(): number {
		return Number(tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
	}

	kill(): void {
		try {
			tmux('kill-session', '-t', this.name);
		} catch {
			// Already gone.
		}
	}
}
