// The exercise screen's words and lines, free of React so they are tested directly: the status, the
// verdict of a run, its checks, which hint to offer, the neighbours for n/p, and the timeline and
// solution views. Every state starts with a symbol and says its meaning in words (never colour alone).
import { BUSY_MACHINE, checkLines, couldNotJudge, firstFailure, SYMBOL } from '../grader/report.js';
import { matchingHint, nextHint } from '../exercise/index.js';
import type { VerifyResult } from '../grader/verify.js';
import type { Exercise, LessonPack } from '../lessons/types.js';
import type { ExerciseProgress } from '../progress/index.js';
import { SOLUTION_AFTER_ATTEMPTS } from '../progress/solution-rule.js';
import { renderTimeline } from '../timeline/render.js';
import type { LoopState, Retry, SolutionFile, Trigger } from './model.js';
import { exerciseStatusLabel } from './summary.js';
import { typeWarningLines, type TypeReport } from '../typecheck/typecheck.js';
import { wrapLine } from './wrap.js';
import { duration } from '../duration.js';

/** A finished run as the screen keeps it. */
export interface FinishedRun {
	result: VerifyResult;
	trigger: Trigger;
	/** When the result arrived. */
	at: Date;
	/** Type errors in the files graded, found a moment after the verdict. */
	types?: TypeReport;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "✓ passed · 2 attempts · 1 of 2 hints seen". */
export function statusText(exercise: Exercise, entry: ExerciseProgress | undefined): string {
	const details = [exerciseStatusLabel[entry?.status ?? 'not-started']];
	if (entry?.attempts) details.push(plural(entry.attempts, 'attempt'));
	if (entry?.hintsShown) details.push(`${entry.hintsShown} of ${exercise.hints.length} hints seen`);
	return details.join(' · ');
}

/** "40 ms" under a second, "1.3 s" above. */
/** A rule with a title: "── Result ──────". */
export function rule(title: string, width: number): string {
	const head = `── ${title} `;
	return head + '─'.repeat(Math.max(2, width - head.length));
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The spinner's frame `elapsedMs` into a grading (one every 100 ms). */
export function spinnerFrame(elapsedMs: number): string {
	return spinnerFrames[Math.floor(Math.max(0, elapsedMs) / 100) % spinnerFrames.length]!;
}

/** The one-line verdict under the status; the grading line (a spinner) is drawn by the screen. */
export function verdictLine(state: LoopState, poll: boolean): string {
	switch (state.kind) {
		case 'idle':
			return `Watching your files${poll ? ' (polling)' : ''}: save to grade · Enter grades now`;
		case 'grading':
			return gradingLine(state.trigger, 0, state.retry);
		case 'done': {
			const { result } = state;
			const failed = result.checks.filter((check) => check.status === 'fail').length;
			if (result.status === 'pass') return `${SYMBOL.pass} Passed! ${checksPassed(result)} (${duration(result.durationMs)}) · progress saved`;
			if (result.status === 'inconclusive') return `${SYMBOL.inconclusive} Could not be judged: the machine was too busy${(result.tries ?? 1) > 1 ? ` (${result.tries} tries)` : ''} · not counted · Enter grades again`;
			const of = result.checks.length > 0 ? `${failed} of ${plural(result.checks.length, 'check')} failed` : 'the run did not finish';
			return `${SYMBOL.fail} Not yet: ${of} (${duration(result.durationMs)})`;
		}
		case 'error':
			return `! The grader could not run: ${state.message}`;
	}
}

function checksPassed(result: VerifyResult): string {
	return result.checks.length === 1 ? 'The check passes' : `All ${result.checks.length} checks pass`;
}

export function gradingLine(trigger: Trigger, elapsedMs: number, retry?: Retry): string {
	if (retry) {
		return `${spinnerFrame(elapsedMs)} ${retry.why ?? BUSY_MACHINE}; grading again (try ${retry.next} of ${retry.tries})… ${duration(elapsedMs)}`;
	}
	const what = trigger === 'save' ? 'Grading your save' : 'Grading';
	return `${spinnerFrame(elapsedMs)} ${what}… ${duration(elapsedMs)} · your code runs in its own processes`;
}

/** Check lines (✓ ✗ – with messages) wrapped to `width`, continuation rows indented under the title. */
export function resultCheckLines(result: VerifyResult, width: number): string[] {
	const lines = checkLines(result, width);
	const idWidth = Math.min(24, Math.max(0, ...result.checks.map((check) => check.id.length)));
	return lines.flatMap((line) => wrapLine(line, width, idWidth + 6));
}

export interface Neighbour {
	exercise: Exercise;
	lessonId: string;
	/** Position within its lesson. */
	index: number;
}

/** The exercises before and after this one, across lessons. */
export function neighbours(pack: LessonPack, exerciseId: string): { previous?: Neighbour; next?: Neighbour } {
	const all = pack.lessons.flatMap((lesson) => lesson.exercises.map((exercise, index) => ({ exercise, lessonId: lesson.id, index })));
	const at = all.findIndex((entry) => entry.exercise.id === exerciseId);
	if (at < 0) return {};
	return { previous: all[at - 1], next: all[at + 1] };
}

/** The result section at the top of the exercise's pager. */
export function resultSection(
	run: FinishedRun,
	exercise: Exercise,
	revealed: readonly number[],
	next: Neighbour | undefined,
	width: number,
): string[] {
	const { result } = run;
	const time = run.at.toTimeString().slice(0, 8);
	const source = run.trigger === 'save' ? 'your save' : 'your files';
	const title =
		result.status === 'pass'
			? `${SYMBOL.pass} Passed · ${source} at ${time}`
			: result.status === 'inconclusive'
				? `${SYMBOL.inconclusive} Could not be judged · ${source} at ${time}`
				: `${SYMBOL.fail} Result of ${source} at ${time}`;
	const lines = [rule(title, width), ...resultCheckLines(result, width)];
	if (result.checks.length === 0) lines.push('  The run ended before any check could look at it.');
	const types = typeWarningLines(run.types, width);
	if (types.length > 0) lines.push('', ...types);
	const offers: string[] = [];
	if (result.status === 'inconclusive') {
		lines.push('', ...wrapLine(couldNotJudge(result), width));
		offers.push('Enter: grade again');
	} else if (result.status === 'pass') {
		lines.push('', 'Well done: every check passes, and your progress is saved.');
		offers.push(next ? `n: next exercise, "${next.exercise.title}"` : 'That was the last exercise: you have done the course!');
		offers.push('s: compare with the reference solution');
	} else {
		const hint = nextHint(exercise, revealed, result);
		const failure = firstFailure(result);
		if (hint !== undefined) {
			const forCheck = hint === matchingHint(exercise, result) && failure && !failure.hidden ? `, for '${failure.id}'` : '';
			offers.push(`h: hint ${hint + 1} of ${exercise.hints.length}${forCheck}`);
		} else if (exercise.hints.length > 0) offers.push('every hint is shown below');
	}
	if (result.trace) offers.push('t: what your threads did (timeline)');
	lines.push(...offers.flatMap((offer) => wrapLine(`› ${offer}`, width, 2)));
	return lines;
}

/** The timeline view: a heading for the run, then the renderer's lanes, totals and legend. */
export function timelineLines(run: FinishedRun, width: number): string[] {
	const { result } = run;
	const verdict =
		result.status === 'pass' ? `${SYMBOL.pass} passed` : result.status === 'inconclusive' ? `${SYMBOL.inconclusive} could not be judged` : `${SYMBOL.fail} failed`;
	const heading = `Run at ${run.at.toTimeString().slice(0, 8)} · ${verdict} · seed ${result.seed} · ${duration(result.durationMs)}`;
	if (!result.trace) return [heading, '', 'This run left no timeline: it ended before your code started (see its result).'];
	return [heading, '', ...renderTimeline(result.trace, width)];
}

/** The solution view: each file under a rule. */
export function solutionLines(files: readonly SolutionFile[], width: number): string[] {
	const lines: string[] = [...wrapLine('Yours may differ and still be right: the checks are the judge.', width), ''];
	for (const { file, text } of files) {
		lines.push(rule(file, width));
		for (const line of text.replace(/\t/g, '  ').trimEnd().split('\n')) lines.push(...wrapLine(line, width, 4));
		lines.push('');
	}
	if (files.length === 0) lines.push('This exercise has no reference solution.');
	return lines;
}

/** Why `s` does nothing yet. */
export function solutionLockedText(entry: ExerciseProgress | undefined): string {
	const attempts = entry?.attempts ?? 0;
	return `The reference solution opens once you pass, or after ${SOLUTION_AFTER_ATTEMPTS} attempts (you have ${attempts}). Press h for a hint.`;
}

const basename = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/**
 * "Edit /home/ada/conc-tutor-work/01-x/ex/file.ts (also b.ts)" in `width` columns: when the path is too
 * long, its start gives way ("Edit …/ex/file.ts"), so the file's name stays in sight. The full paths
 * are at the end of the task text.
 */
export function editLine(files: readonly string[], width: number): string {
	const [primary = '', ...others] = files;
	const also = others.length > 0 ? ` (also ${others.map(basename).join(', ')})` : '';
	const full = `Edit ${primary}${also}`;
	if (full.length <= width) return full;
	const room = Math.max(1, width - 'Edit …'.length - also.length);
	let tail = primary;
	while (tail.length > room) {
		const next = tail.indexOf('/', 1);
		if (next < 0) break;
		tail = tail.slice(next);
	}
	if (tail.length > room) tail = tail.slice(tail.length - room);
	return `Edit …${tail}${also}`;
}
