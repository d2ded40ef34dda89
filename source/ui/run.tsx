// Starts the TUI on the real terminal: the alternate screen (so the learner's shell comes back as it
// was), Ink with Ctrl+C handling, and a restore that runs however the process ends.
import { render } from 'ink';
import type { LessonPack } from '../lessons/types.js';
import { loadProgress, markSeen, type ProgressFile } from '../progress/index.js';
import { App } from './app.js';
import type { TuiModel } from './model.js';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

export interface TuiInput {
	pack: LessonPack;
	workspace: string;
	progress: ProgressFile;
	notices: string[];
}

export async function runTui({ pack, workspace, progress, notices }: TuiInput): Promise<number> {
	const model: TuiModel = {
		pack,
		workspace,
		loadProgress: (warn) => loadProgress(workspace, { warn }),
		markSeen(exerciseId) {
			try {
				markSeen(workspace, exerciseId, { warn: () => {} });
			} catch {
				// A first-seen time is not worth interrupting the learner for (e.g. a read-only workspace).
			}
		},
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
	stdout.write(`Your work is in ${workspace}. Run 'conc-tutor' again to continue.\n`);
	return 0;
}
