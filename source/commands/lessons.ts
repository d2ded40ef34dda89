// `conc-tutor lessons check [DIR]` and `conc-tutor lessons new <lesson-id> [<exercise-id>]`.
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit.js';
import { bundledLessonsDir, loadPack } from '../lessons/load.js';
import { scaffold, ScaffoldError } from '../lessons/scaffold.js';
import { lessonsCheckCommand } from './lessons-check.js';
import { invocation } from '../cli/invocation.js';

export interface LessonsFlags {
	json?: boolean;
	jobs?: number;
	exercises?: string[];
	mutants?: boolean;
	sample?: number;
	operators?: string[];
	incremental?: boolean;
}

export async function lessons(ctx: CommandContext, action: string, names: string[], flags: LessonsFlags): Promise<number> {
	if (action === 'check') {
		if (names.length > 1) throw new UsageError("'lessons check' takes one folder at most: conc-tutor lessons check [DIR]");
		const pack = names[0] ? loadPack(path.resolve(ctx.io.cwd, names[0])) : ctx.pack();
		const { mutants, sample, operators, incremental, ...rest } = flags;
		const write = (text: string) => void ctx.io.stdout.write(text);
		if (mutants) {
			// typescript and Stryker's instrumenter are development dependencies: an author installs them beside conc-tutor.
			const gate = await import('./lessons-mutants.js').catch((error: NodeJS.ErrnoException) => {
				if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
				throw new UsageError(
					`--mutants needs typescript@5.9, @stryker-mutator/instrumenter@9, @stryker-mutator/api@9 and typed-inject installed beside conc-tutor (${error.message.split('\n')[0]})`,
				);
			});
			return gate.lessonsMutantsCommand({
				pack,
				...rest,
				sample,
				operators,
				incremental: incremental ? 'write' : undefined,
				write,
				progress: (text) => void ctx.io.stderr.write(text),
			});
		}
		if (sample !== undefined || operators || incremental) throw new UsageError('--sample, --operators and --incremental go with --mutants: conc-tutor lessons check --mutants [DIR]');
		return lessonsCheckCommand({ pack, ...rest, write });
	}
	if (flags.mutants) throw new UsageError("--mutants goes with 'lessons check': conc-tutor lessons check --mutants [DIR]");
	if (action === 'new') {
		const [lessonId, exerciseId, extra] = names;
		if (!lessonId || extra) throw new UsageError("usage: conc-tutor lessons new <lesson-id> [<exercise-id>] (in ./lessons, or --lessons DIR)");
		// Never into the bundled pack: without --lessons, new lessons go to ./lessons of the author's folder.
		const packDir = ctx.lessonsDir === bundledLessonsDir() ? path.join(ctx.io.cwd, 'lessons') : ctx.lessonsDir;
		let written: string[];
		try {
			written = scaffold(packDir, lessonId, exerciseId);
		} catch (error) {
			if (error instanceof ScaffoldError) throw new UsageError(error.message);
			throw error;
		}
		for (const file of written) ctx.out(`created ${path.relative(ctx.io.cwd, file) || file}`);
		const lesson = written.find((file) => path.basename(file) === 'lesson.md');
		if (lesson) ctx.out(`Write the lesson's summary (in its front matter) and its text in ${path.relative(ctx.io.cwd, lesson)}: the pack does not load until they are there.`);
		ctx.out(`Next: edit them, then run '${invocation(ctx.io.env)} lessons check ${path.relative(ctx.io.cwd, packDir) || '.'}'.`);
		return EXIT.ok;
	}
	throw new UsageError(`unknown action '${action}': use 'lessons check [DIR]' or 'lessons new <lesson-id> [<exercise-id>]'`);
}
