// The bundled pack proves itself: every exercise's reference passes, its starter fails, and each
// known-wrong variant fails on the check meant to catch it. Same code as `conc-tutor lessons check`.
import { describe, expect, it } from 'vitest';
import { lessonsCheckCommand } from '../../source/commands/lessons-check.js';
import { allExercises, loadPack } from '../../source/lessons/load.js';

describe('bundled lesson pack', () => {
	const pack = loadPack();

	it('has the 12 lessons in order and at least 30 exercises with unique ids', () => {
		expect(pack.lessons.map((lesson) => lesson.id)).toEqual([
			'concurrency-vs-parallelism',
			'threads-and-processes',
			'stopping-threads-and-processes',
			'the-gil-and-the-event-loop',
			'race-conditions-and-locks',
			'deadlocks',
			'context-switching-and-pools',
			'thread-local-data',
			'communication',
			'pools-and-executors',
			'timeouts-with-processes',
			'async-and-case-studies',
		]);
		const exercises = allExercises(pack);
		expect(exercises.length).toBeGreaterThanOrEqual(30);
		for (const exercise of exercises) {
			expect(exercise.hints.length).toBeGreaterThanOrEqual(2);
			expect(Object.keys(exercise.wrong).length).toBeGreaterThanOrEqual(2);
		}
	});

	it('lessons check is green: references pass, starters fail, wrong variants fail on their checks', async () => {
		let output = '';
		const code = await lessonsCheckCommand({ pack, write: (text) => void (output += text) });
		expect(output.split('\n').filter((line) => line.includes('✗'))).toEqual([]);
		expect(code).toBe(0);
	}, 1_800_000);
});
