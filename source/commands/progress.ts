// `conc-tutor progress [--json]`: what has been passed, attempted and hinted, per exercise.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { progressBar } from '../cli/style.js';
import { allExercises } from '../lessons/load.js';
import { exerciseService } from '../exercise/index.js';

export function progress(ctx: CommandContext, options: { json?: boolean } = {}): number {
	const { dir } = ctx.workspace();
	const doc = exerciseService(dir, { warn: ctx.err }).progressDocument(allExercises(ctx.pack()));
	if (options.json) {
		ctx.out(JSON.stringify(doc, null, 2));
		return EXIT.ok;
	}
	const { style } = ctx;
	const { passed, attempted, total } = doc.totals;
	ctx.out(`Progress  ${progressBar(passed, total, 20)}  ${passed} of ${total} exercises passed, ${attempted} attempted`);
	ctx.out(style.dim(`Saved in ${doc.file}`));
	ctx.out();
	for (const entry of doc.exercises) {
		const mark = entry.status === 'passed' ? style.green('✓ passed     ') : entry.status === 'attempted' ? style.yellow('… attempted  ') : '· not started';
		const details: string[] = [];
		if (entry.attempts > 0) details.push(`${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`);
		if (entry.hintsShown > 0) details.push(`${entry.hintsShown} hint${entry.hintsShown === 1 ? '' : 's'}`);
		if (entry.lastResult) {
			const last = entry.lastResult;
			const what = last.status === 'pass' ? 'last run passed' : `last run failed${last.failedCheck ? ` at ${last.failedCheck}` : ''}`;
			details.push(what);
		}
		ctx.out(`${mark}  ${entry.id.padEnd(24)} ${style.dim(details.join(', '))}`.trimEnd());
	}
	return EXIT.ok;
}
