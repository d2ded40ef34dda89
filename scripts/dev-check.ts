// Developer shortcut while the CLI grows: node dist/dev-check.js <packDir> [exercise-id...]
import { allExercises, loadPack } from '../source/lessons/load.js';
import { checkExercise } from '../source/grader/pack-check.js';

const [dir, ...ids] = process.argv.slice(2);
const pack = loadPack(dir);
let bad = 0;
for (const exercise of allExercises(pack)) {
	if (ids.length > 0 && !ids.includes(exercise.id)) continue;
	await checkExercise(exercise, (row) => {
		if (!row.ok) bad++;
		console.log(`${row.ok ? 'ok  ' : 'BAD '} ${row.exercise.padEnd(24)} ${row.variant.padEnd(28)} expect ${row.expected.padEnd(22)} ${row.status} ${String(row.durationMs).padStart(6)}ms  ${row.note}`);
	});
}
process.exitCode = bad ? 1 : 0;
