// `conc-tutor reset <exercise-id>`: the starter files back, the learner's versions kept as a backup.
// It asks nothing: typing the command is the confirmation (the tutor asks before it resets).
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { exerciseService } from '../exercise/index.js';

export function reset(ctx: CommandContext, exerciseId: string): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const report = exerciseService(dir, { warn: ctx.err }).reset(exercise);
	if (report.restored.length === 0) {
		ctx.out(`${exercise.id}: your files already match the starter; nothing to reset.`);
		return EXIT.ok;
	}
	const names = report.restored.map((file) => path.basename(file)).join(', ');
	ctx.out(`${exercise.id}: restored the starter version of ${names}.`);
	if (report.backupDir) ctx.out(`Your previous files are kept in ${report.backupDir}`);
	return EXIT.ok;
}
