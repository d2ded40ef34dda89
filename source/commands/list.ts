// `conc-tutor list [--json]`: every lesson and exercise with its status and the file to edit.
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { loadProgress, statusOf, totals, type ExerciseStatus, type ProgressFile } from '../progress/index.js';
import type { LessonPack } from '../lessons/types.js';
import { primaryFile } from '../workspace/index.js';
import { invocation } from '../cli/invocation.js';

export interface ListedExercise {
	id: string;
	title: string;
	status: ExerciseStatus;
	/** Absolute path of the file the learner edits first. */
	path: string;
}

export interface ListedLesson {
	id: string;
	title: string;
	dir: string;
	exercises: ListedExercise[];
}

export interface ListDocument {
	workspace: string;
	lessons: ListedLesson[];
}

/** The `list --json` document; also what the human output is printed from. */
export function listDocument(workspace: string, pack: LessonPack, progress: ProgressFile): ListDocument {
	return {
		workspace,
		lessons: pack.lessons.map((lesson) => ({
			id: lesson.id,
			title: lesson.title,
			dir: lesson.dir,
			exercises: lesson.exercises.map((exercise) => ({
				id: exercise.id,
				title: exercise.title,
				status: statusOf(progress, exercise.id),
				path: primaryFile(workspace, exercise),
			})),
		})),
	};
}

const marks: Record<ExerciseStatus, string> = { passed: '✓ passed     ', attempted: '… attempted  ', 'not-started': '· not started' };

export function list(ctx: CommandContext, options: { json?: boolean } = {}): number {
	const { dir } = ctx.workspace();
	const progress = loadProgress(dir, { warn: ctx.err });
	const doc = listDocument(dir, ctx.pack(), progress);
	if (options.json) {
		ctx.out(JSON.stringify(doc, null, 2));
		return EXIT.ok;
	}
	const { style } = ctx;
	const shown = (file: string) => {
		const relative = path.relative(ctx.io.cwd, file);
		return relative.startsWith('..') ? file : relative;
	};
	ctx.out(`Workspace: ${dir}`);
	for (const [index, lesson] of doc.lessons.entries()) {
		const count = totals(progress, lesson.exercises.map((exercise) => exercise.id));
		ctx.out();
		ctx.out(`${style.bold(`${index + 1}. ${lesson.title}`)}  ${style.dim(`(${count.passed}/${count.total} passed)`)}`);
		for (const exercise of lesson.exercises) {
			const mark = marks[exercise.status];
			const painted = exercise.status === 'passed' ? style.green(mark) : exercise.status === 'attempted' ? style.yellow(mark) : mark;
			ctx.out(`   ${painted}  ${exercise.id.padEnd(24)} ${exercise.title}`);
			ctx.out(`   ${' '.repeat(13)}  ${style.dim(`edit ${shown(exercise.path)}`)}`);
		}
	}
	ctx.out();
	const name = invocation(ctx.io.env);
	ctx.out(style.dim(`Start the tutor with '${name}'; '${name} hint <exercise-id>' shows the next hint.`));
	return EXIT.ok;
}
