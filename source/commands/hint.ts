// `conc-tutor hint <exercise-id>`: the next hint (the one about the check that failed last, else the
// gentlest not shown yet: the tutor's h key follows the same rule); each one shown is recorded.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { invocation } from '../cli/invocation.js';
import { recordHint } from '../progress/index.js';

export function hint(ctx: CommandContext, exerciseId: string): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const total = exercise.hints.length;
	if (total === 0) {
		ctx.out(`${exercise.id} has no hints: its task text has the whole contract.`);
		return EXIT.ok;
	}
	const { index, shown } = recordHint(dir, exercise.id, { available: total, warn: ctx.err });
	// Every hint was shown before: the last one shown again, without counting.
	const showing = index ?? shown.at(-1)!;
	const about = exercise.title;
	ctx.out(ctx.style.bold(`Hint ${showing + 1} of ${total} for ${exercise.id} (${about})`));
	ctx.out();
	ctx.out(exercise.hints[showing]!);
	ctx.out();
	ctx.out(
		ctx.style.dim(
			shown.length < total
				? `Run '${invocation(ctx.io.env)} hint ${exercise.id}' again for another hint (${shown.length} of ${total} seen).`
				: `You have seen all ${total} hints; the task text in the tutor has the full contract.`,
		),
	);
	return EXIT.ok;
}
