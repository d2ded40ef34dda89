// `conc-tutor hint <exercise-id>`: the next hint, gentlest first; each one shown is counted in progress.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { recordHint } from '../progress/index.js';
import { invocation } from '../cli/invocation.js';

export function hint(ctx: CommandContext, exerciseId: string): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const total = exercise.hints.length;
	const shown = recordHint(dir, exercise.id, { available: total, warn: ctx.err });
	ctx.out(ctx.style.bold(`Hint ${shown} of ${total} for ${exercise.id} (${exercise.title})`));
	ctx.out();
	ctx.out(exercise.hints[shown - 1]!);
	ctx.out();
	ctx.out(
		ctx.style.dim(
			shown < total
				? `Run '${invocation(ctx.io.env)} hint ${exercise.id}' again for a more explicit hint.`
				: 'That is the last hint; the task text in the tutor has the full contract.',
		),
	);
	return EXIT.ok;
}
