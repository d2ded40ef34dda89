// Status words for lessons and exercises. Each one starts with a symbol and says its meaning in
// words, so nothing depends on colour (NO_COLOR, colour-blind learners, screen readers).
import type { Lesson } from '../lessons/types.js';
import { statusOf, totals, type ExerciseStatus, type ProgressFile, type ProgressTotals } from '../progress/index.js';

export const exerciseStatusLabel: Record<ExerciseStatus, string> = {
	passed: '✓ passed',
	attempted: '… attempted',
	'not-started': '· not started',
};

export function lessonTotals(lesson: Lesson, progress: ProgressFile): ProgressTotals {
	return totals(progress, lesson.exercises.map((exercise) => exercise.id));
}

export function lessonStatusLabel(counts: ProgressTotals): string {
	if (counts.total > 0 && counts.passed === counts.total) return `✓ done ${counts.passed}/${counts.total}`;
	if (counts.passed > 0 || counts.attempted > 0) return `… ${counts.passed}/${counts.total} passed`;
	return '· not started';
}

export function exerciseStatus(progress: ProgressFile, exerciseId: string): ExerciseStatus {
	return statusOf(progress, exerciseId);
}
