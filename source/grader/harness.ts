// The sandbox's main module: takes the preload's channel, imports the exercise's check bundle and runs its
// `run` against the learner's compiled files. Everything here is data for the grader, never a verdict.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNEL_KEY, type SandboxChannel, type StartLine } from './channel.js';
import { explore, seededRandom } from './explore.js';
import { measurePace, waitFor } from './pace.js';
import type { ExerciseSpec, SandboxContext } from './spec.js';

const channel = (globalThis as Record<symbol, unknown>)[CHANNEL_KEY] as SandboxChannel | undefined;
delete (globalThis as Record<symbol, unknown>)[CHANNEL_KEY];
if (!channel) {
	console.error('This is conc-tutor\'s sandbox entry point; run `conc-tutor verify <exercise>` instead.');
	process.exit(2);
}
// Our own timers: the solution may replace the globals.
const setTimeoutFn = setTimeout;
const setImmediateFn = setImmediate;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeoutFn(resolve, ms));

export function describeThrown(value: unknown): string {
	try {
		if (value instanceof Error) return `${value.name}: ${value.message}`;
		return `a non-Error value was thrown: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
	} catch {
		return 'a value that cannot even be printed was thrown';
	}
}

process.on('uncaughtException', (error: Error & { code?: string }) => {
	const heap = error?.code === 'ERR_WORKER_OUT_OF_MEMORY';
	channel.send({
		type: 'crash',
		heap,
		detail: heap ? 'a worker ran out of memory (its heap limit was reached)' : `uncaught exception: ${describeThrown(error)}`,
	});
	process.exit(1);
});
process.on('unhandledRejection', (reason) => {
	channel.send({ type: 'crash', detail: `unhandled promise rejection: ${describeThrown(reason)}` });
	process.exit(1);
});

// The sandbox may be started before the run is known: it waits here for the run to start.
const { checkBundle, runDir, seed, t0, factor } = JSON.parse(channel.readLine()) as StartLine;
channel.setOrigin(t0);
process.chdir(runDir);
process.env.PWD = runDir;
const random = seededRandom(seed);
const spec = ((await import(pathToFileURL(checkBundle).href)) as { default: ExerciseSpec }).default;

const ctx: SandboxContext = {
	seed,
	random,
	randomInt: (min, max) => min + Math.floor(random() * (max - min + 1)),
	dir: runDir,
	import: (file) => import(pathToFileURL(path.join(runDir, file.replace(/\.(m|c)?tsx?$/, '.js'))).href),
	report: (key, value) => channel.send({ type: 'value', key, value }),
	mark: (label) => channel.send({ type: 'event', event: { t: channel.now(), type: 'mark', label } }),
	explore: (scenario, options) => explore(scenario, seed, options, setImmediateFn),
	sleep,
	factor: typeof factor === 'number' && factor >= 1 ? factor : 1,
	pace: () => measurePace(setImmediateFn),
	waitFor: (condition, timeoutMs) => waitFor(condition, timeoutMs, sleep),
};

channel.startRun();
channel.send({ type: 'event', event: { t: channel.now(), type: 'run-start' } });
try {
	await spec.run(ctx);
	channel.endRun();
	channel.send({ type: 'event', event: { t: channel.now(), type: 'run-end' } });
	channel.send({ type: 'done' });
	// Workers the solution closed may take a moment to finish exiting: wait up to 150 ms (scaled) for them.
	const graceMs = 150 * ctx.factor;
	for (let waited = 0; waited < graceMs && (channel.aliveWorkers().length > 0 || channel.aliveChildren().length > 0); waited += 10) {
		await sleep(10);
	}
	const workers = channel.aliveWorkers();
	channel.send({ type: 'leaks', workers });
	// Stay until the grader ends us: it looks for what is still running (a detached grandchild, say)
	// before it ends the sandbox, and our exit would take such processes down before it could see them.
	setInterval(() => {}, 60_000);
} catch (error) {
	channel.send({ type: 'threw', message: describeThrown(error) });
}
