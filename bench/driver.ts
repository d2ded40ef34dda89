// The benchmarks' way into the grader, bundled by bench/lib.mjs (buildDriver) and run in a fresh process
// per call, as the CLI would be:
//
//   driver.mjs describe <pack>                       the pack's exercises, with whether any check is timing-sensitive
//   driver.mjs verify <pack> <exercise-id> <dir>     verifyDir on a folder: status, durationMs and phases
//   driver.mjs gil-lab                               the GIL lab demo's three modes: CPU ÷ wall of each
//
// Answers are one JSON document on stdout.
import { findExercise, loadPack } from '../source/lessons/load.js';
import { loadSpec, verifyDir } from '../source/grader/verify.js';
import { GilLabDemo } from '../source/demos/gil-lab.js';

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<unknown> {
	if (command === 'gil-lab') {
		// The speed claims the unit test no longer makes (wall-clock ratios flake on a busy machine).
		const demo = new GilLabDemo({ limit: 300_000, chunks: 4, slices: 10, sampleMs: 20 });
		const modes: Record<string, { ratio: number; wallMs: number; cpuMs: number; mostAtOnce: number }> = {};
		for (const mode of ['async', 'gil', 'free'] as const) {
			const result = await demo.run(mode);
			modes[mode] = { ratio: result!.ratio, wallMs: result!.wallMs, cpuMs: result!.cpuMs, mostAtOnce: result!.mostAtOnce };
		}
		await demo.stop();
		return modes;
	}
	if (command === 'describe') {
		const pack = loadPack(args[0]);
		const exercises = [];
		for (const lesson of pack.lessons) {
			for (const exercise of lesson.exercises) {
				const spec = await loadSpec(exercise);
				exercises.push({
					id: exercise.id,
					lessonDir: lesson.dir,
					path: exercise.path,
					files: exercise.files,
					lab: exercise.lab,
					wrong: exercise.wrong,
					timing: spec.checks.some((check) => check.timing === true),
					stress: spec.stress ?? 1,
				});
			}
		}
		return { root: pack.root, exercises };
	}
	if (command === 'verify') {
		const [packDir, id, dir] = args;
		const exercise = findExercise(loadPack(packDir), id!);
		if (!exercise) throw new Error(`no exercise ${id} in ${packDir}`);
		const result = await verifyDir(exercise, dir!);
		const failure = result.checks.find((check) => check.status === 'fail');
		return {
			exercise: id,
			status: result.status,
			failedCheck: failure?.id,
			message: failure?.message,
			durationMs: result.durationMs,
			phases: result.phases,
			seeds: result.seeds.length,
			// Each timing-sensitive check's margin over its budget, for bench/idle.mjs.
			timingChecks: result.checks.filter((check) => check.timing).map(({ id, status, message, margin }) => ({ id, status, message, margin })),
		};
	}
	throw new Error(`unknown command ${command}; use describe or verify`);
}

// Exit once written: the answer is all we came for.
process.stdout.write(`${JSON.stringify(await main())}\n`, () => process.exit(0));
