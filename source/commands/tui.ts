// Bare `conc-tutor`: the interactive tutor. Everything the first frame needs from disk (pack,
// workspace, progress) is read here, while React and Ink load from their own chunk.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { isolationNotice } from '../grader/isolation.js';
import { procNotice } from '../grader/proc.js';
import { loadProgress } from '../progress/index.js';

export const NOT_A_TERMINAL =
	"conc-tutor's interactive tutor needs a terminal for both input and output; use 'conc-tutor list', 'conc-tutor progress' or 'conc-tutor --help' for the commands that work without one.";

/**
 * Ink's layout engine (yoga) is WebAssembly embedded as a data: URL, which its loader fetches with
 * `fetch` whenever one exists. In Node that first loads the whole HTTP client (undici), about 20 ms
 * of the first frame, to decode bytes that are already in memory. Without `fetch` the loader decodes
 * them directly. Nothing else runs while the UI chunk loads, and the lazy global comes back after.
 */
function hideFetch(): () => void {
	const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!original?.configurable) return () => {};
	Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
	return () => Object.defineProperty(globalThis, 'fetch', original);
}

export interface TuiOptions {
	/** Notice saves by polling modification times instead of change events (WSL, network drives). */
	poll?: boolean;
}

export async function tui(ctx: CommandContext, options: TuiOptions = {}): Promise<number> {
	if (!ctx.io.stdin.isTTY || !ctx.io.stdout.isTTY) {
		ctx.err(NOT_A_TERMINAL);
		return EXIT.usage;
	}
	// Both variables are read when the UI chunk is evaluated, so they are set before it is imported.
	// Ink's colours come from chalk, which reads FORCE_COLOR but ignores NO_COLOR.
	if (!ctx.color) ctx.io.env.FORCE_COLOR = '0';
	// With CI set, Ink draws only the final frame (it assumes a log, not a terminal), and chalk turns
	// colour off whenever CI is present at all, even as CI=false. Both streams are terminals here, so
	// a CI variable left in the learner's shell must neither freeze the tutor nor grey it out.
	delete ctx.io.env.CI;
	// Start reading the UI chunk now; the pack and workspace are read while its files load.
	const restoreFetch = hideFetch();
	const ui = import('../ui/run.js');
	let pack: ReturnType<typeof ctx.pack>;
	let dir: string;
	let progress: ReturnType<typeof loadProgress>;
	// Warnings raised while loading (a progress file moved aside) would be hidden by the full-screen
	// UI, so they are shown inside it as a notice instead.
	const notices: string[] = [];
	try {
		pack = ctx.pack();
		dir = ctx.workspace().dir;
		progress = loadProgress(dir, { warn: (line) => notices.push(line) });
		for (const notice of [isolationNotice(), procNotice()]) if (notice) notices.push(notice);
	} catch (error) {
		ui.catch(() => {}).finally(restoreFetch); // not needed after all; its failure is not the one to report
		throw error;
	}
	const { runTui } = await ui.finally(restoreFetch);
	return runTui({ pack, workspace: dir, progress, notices, poll: options.poll === true });
}
