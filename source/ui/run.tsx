// Starts the TUI on the real terminal: the alternate screen (so the learner's shell comes back as it
// was), Ink with Ctrl+C handling, and a restore that runs however the process ends.
import { render } from 'ink';
import { workspaceStore } from '../exercise/index.js';
import type { LessonPack } from '../lessons/types.js';
import type { ProgressFile } from '../progress/index.js';
import { App } from './app.js';
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN, runEditor } from './editor.js';
import type { ExerciseRunner, RunnerOptions, Trigger, TuiModel } from './model.js';
import { invocation } from '../cli/invocation.js';

export interface TuiInput {
	pack: LessonPack;
	workspace: string;
	progress: ProgressFile;
	notices: string[];
	/** Watch the learner's files by polling (--poll). */
	poll?: boolean;
}

/**
 * The exercise loop, loaded when the first exercise opens: it brings the grader (and esbuild), which
 * the first frame of the tutor does not need. Calls made before it has loaded are replayed.
 */
function lazyRunner(workspace: string, poll: boolean, options: RunnerOptions): ExerciseRunner {
	let closed = false;
	let opened = false;
	let loop: import('../exercise-loop/loop.js').ExerciseLoop | undefined;
	const pending: Trigger[] = [];
	void import('../exercise-loop/loop.js').then(
		({ ExerciseLoop }) => {
			if (closed) return;
			loop = new ExerciseLoop({ ...options, workspace, poll });
			if (opened) loop.open();
			for (const trigger of pending.splice(0)) void loop.verify(trigger);
		},
		(error: Error) => options.onState({ kind: 'error', message: `the grader could not be loaded: ${error.message}` }),
	);
	return {
		open() {
			opened = true;
			loop?.open();
		},
		close() {
			closed = true;
			loop?.close();
		},
		verify(trigger) {
			if (loop) void loop.verify(trigger);
			else pending.push(trigger);
		},
	};
}

export async function runTui({ pack, workspace, progress, notices, poll = false }: TuiInput): Promise<number> {
	// Warnings from recording reach the screen as notices (a damaged progress file is never reset in silence).
	const listeners = new Set<(line: string) => void>();
	const warn = (line: string) => {
		for (const listener of listeners) listener(line);
	};
	const model: TuiModel = {
		pack,
		workspace,
		poll,
		// Progress, hints, reset and the solution: the exercise service's store, the same as the CLI's.
		...workspaceStore(workspace, { warn }),
		createRunner: (options) => lazyRunner(workspace, poll, { ...options, warn }),
		onWarning(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		},
		openEditor: (file) => runEditor(file),
	};
	const stdout = process.stdout;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(LEAVE_ALTERNATE_SCREEN);
	};
	stdout.write(ENTER_ALTERNATE_SCREEN);
	// Ink restores the cursor and raw mode on exit and on signals; this puts the learner's screen back.
	process.once('exit', restore);
	try {
		const instance = render(<App model={model} progress={progress} notices={notices} />, { exitOnCtrlC: true, patchConsole: true });
		await instance.waitUntilExit();
	} finally {
		restore();
		process.off('exit', restore);
	}
	stdout.write(`Your work is in ${workspace}. Run '${invocation()}' again to continue.\n`);
	return 0;
}
