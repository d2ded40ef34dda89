// `lessons new`: the files a new lesson or exercise needs. The exercise is a tiny worked one that
// `lessons check` proves at once and the author then replaces; the lesson gets its id and title only:
// its summary and text are the author's to write (no stand-in prose a learner could be shown), and
// the pack does not load until they are written.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packTsconfig } from '../workspace/editor-config.js';
import { PackError, splitFrontmatter } from './load.js';
import { readFileSync } from 'node:fs';

export class ScaffoldError extends Error {}

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "13-threads" asks for folder number 13 and the id "threads"; a plain id takes the next free number. */
function numbered(id: string): { id: string; number?: string } {
	const match = /^(\d{2})-(.+)$/.exec(id);
	return match ? { id: match[2]!, number: match[1]! } : { id };
}

function nextNumber(dir: string): string {
	const used = readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
		.map((entry) => Number(entry.name.slice(0, 2)));
	return String(Math.max(0, ...used) + 1).padStart(2, '0');
}

function write(file: string, text: string): void {
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, text);
}

function lessonFolder(packDir: string, lessonId: string): string | undefined {
	if (!existsSync(packDir)) return undefined;
	for (const entry of readdirSync(packDir, { withFileTypes: true })) {
		const file = path.join(packDir, entry.name, 'lesson.md');
		if (!entry.isDirectory() || !existsSync(file)) continue;
		try {
			const { data } = splitFrontmatter(readFileSync(file, 'utf8'), file);
			if ((data as { id?: string })?.id === lessonId) return path.join(packDir, entry.name);
		} catch (error) {
			if (!(error instanceof PackError)) throw error;
		}
	}
	return undefined;
}

/** Creates a lesson (if it does not exist) and optionally an exercise in it; returns the paths written. */
export function scaffold(packDir: string, lessonName: string, exerciseName?: string): string[] {
	const lessonAsked = numbered(lessonName);
	const exerciseAsked = exerciseName === undefined ? undefined : numbered(exerciseName);
	const lessonId = lessonAsked.id;
	const exerciseId = exerciseAsked?.id;
	for (const id of [lessonId, exerciseId]) {
		if (id !== undefined && !idPattern.test(id)) throw new ScaffoldError(`"${id}" is not a valid id: use lowercase words joined by dashes, like "shared-counter".`);
	}
	mkdirSync(packDir, { recursive: true });
	const written: string[] = [];
	// For the author's editor: check.ts files import conc-tutor/kit, found through this (never overwritten).
	const tsconfig = path.join(packDir, 'tsconfig.json');
	if (!existsSync(tsconfig)) {
		write(tsconfig, packTsconfig());
		written.push(tsconfig);
	}
	let lesson = lessonFolder(packDir, lessonId);
	if (!lesson) {
		lesson = path.join(packDir, `${lessonAsked.number ?? nextNumber(packDir)}-${lessonId}`);
		const title = lessonId.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
		write(
			path.join(lesson, 'lesson.md'),
			`---\nid: ${lessonId}\ntitle: ${title}\nsummary: ""\n---\n# ${title}\n`,
		);
		written.push(path.join(lesson, 'lesson.md'));
	} else if (!exerciseId) throw new ScaffoldError(`The lesson "${lessonId}" already exists at ${lesson}.`);
	if (!exerciseId) return written;
	const exercise = path.join(lesson, `${exerciseAsked?.number ?? nextNumber(lesson)}-${exerciseId}`);
	if (existsSync(exercise)) throw new ScaffoldError(`${exercise} already exists.`);
	const files: Record<string, string> = {
		'task.md': `---\nid: ${exerciseId}\ntitle: Double in a worker\nfiles: [double.ts]\nwrong:\n  on-main-thread: workers\n---\nEdit \`double.ts\`: export \`double(n: number): Promise<number>\`, computed in one worker thread (\`double-worker.ts\`).\n\nThe grader calls \`double(n)\` with a number from the seed and checks:\n- \`result\`: the value is \`2 × n\`;\n- \`workers\`: exactly one worker was started;\n- \`no-leaks\`: it has ended when \`double\` resolves.\n`,
		'hints.md': `## Start a worker\nUse \`new Worker(new URL('./double-worker.js', import.meta.url), { workerData: n })\`.\n\n## Wait for its answer\nResolve with the first \`message\` the worker posts.\n`,
		'check.ts': `import { checks, defineExercise } from 'conc-tutor/kit';\n\nconst input = (seed: number) => seed % 1000;\n\nexport default defineExercise({\n\tasync run(ctx) {\n\t\tconst { double } = await ctx.import('double.ts');\n\t\tctx.report('result', await double(input(ctx.seed)));\n\t},\n\tchecks: [\n\t\tchecks.equal('result', 'returns twice the number', 'result', (run) => input(run.seed) * 2),\n\t\tchecks.workers({ exact: 1 }),\n\t\tchecks.noLeaks(),\n\t],\n});\n`,
		'starter/double.ts': `export async function double(n: number): Promise<number> {\n\tthrow new Error('not written yet');\n}\n`,
		'starter/double-worker.ts': `import { parentPort, workerData } from 'node:worker_threads';\n\nparentPort!.postMessage((workerData as number) * 2);\n`,
		'solution/double.ts': `import { Worker } from 'node:worker_threads';\n\nexport function double(n: number): Promise<number> {\n\treturn new Promise((resolve, reject) => {\n\t\tconst worker = new Worker(new URL('./double-worker.js', import.meta.url), { workerData: n });\n\t\tworker.once('message', resolve);\n\t\tworker.once('error', reject);\n\t});\n}\n`,
		'wrong/on-main-thread/double.ts': `// Wrong: the right answer, computed on the main thread; no worker is started.\nexport async function double(n: number): Promise<number> {\n\treturn n * 2;\n}\n`,
	};
	for (const [name, text] of Object.entries(files)) {
		write(path.join(exercise, name), text);
		written.push(path.join(exercise, name));
	}
	return written;
}
