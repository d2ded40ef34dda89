import { fork } from 'node:child_process';
import path from 'node:path';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const KINDS = ['polite', 'stubborn'] as const;
type Kind = (typeof KINDS)[number];
const graceFor = (seed: number) => 300 + (seed % 3) * 100;
/** How long past the grace period stopChild may take before the grader gives up on it. */
const EXTRA_MS = 2000;

interface Reported {
	pid?: number;
	ending?: { how?: string; code?: number | null; signal?: string | null } | 'pending';
}

const reported = (run: RunResult, kind: Kind) => (run.values[kind] ?? {}) as Reported;
const mark = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t;
/** The child's exit as the grader saw it from outside. */
function exitOf(run: RunResult, kind: Kind) {
	const { pid } = reported(run, kind);
	return run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid) as
		| { t: number; code: number | null; signal: string | null }
		| undefined;
}

export default defineExercise({
	limits: { timeoutMs: 9000 },
	async run(ctx) {
		const { stopChild } = await ctx.import('stop-child.ts');
		const grace = graceFor(ctx.seed);
		for (const kind of KINDS) {
			const child = fork(path.join(ctx.dir, `${kind}-child.js`));
			await new Promise<void>((resolve, reject) => {
				child.once('error', reject);
				child.once('message', () => resolve());
			});
			child.on('message', (message: { got?: string }) => {
				if (message?.got === 'SIGTERM') ctx.mark(`${kind}: got SIGTERM`);
			});
			await ctx.sleep(50);
			ctx.mark(`${kind}: stop called`);
			const ending = await Promise.race([
				Promise.resolve(stopChild(child, grace)),
				ctx.sleep(grace + EXTRA_MS).then(() => 'pending' as const),
			]);
			ctx.mark(`${kind}: stop returned`);
			ctx.report(kind, { pid: child.pid, ending } satisfies Reported);
		}
	},
	checks: [
		checks.custom('polite-exits-itself', 'a child that stops on SIGTERM is left to exit by itself', (run) => {
			const exit = exitOf(run, 'polite');
			if (!exit) return 'the polite child never exited';
			if (exit.signal === 'SIGKILL') {
				return 'the polite child was killed with SIGKILL, though it was about to exit by itself: it was given no time to clean up';
			}
			return (exit.code === 0 && exit.signal === null) || `the polite child ended with ${JSON.stringify({ code: exit.code, signal: exit.signal })}, not by exiting with code 0`;
		}, { hint: 0 }),
		checks.custom('sigterm-first', 'asks with SIGTERM before anything else', (run) => {
			const got = mark(run, 'stubborn: got SIGTERM');
			const exit = exitOf(run, 'stubborn');
			if (got === undefined) return 'the stubborn child never received SIGTERM: ask politely first';
			return !exit || got <= exit.t || 'the stubborn child reported SIGTERM only after it had ended';
		}, { hint: 0 }),
		checks.custom('waits-grace', 'waits the grace period before SIGKILL', (run) => {
			const grace = graceFor(run.seed);
			const called = mark(run, 'stubborn: stop called');
			const exit = exitOf(run, 'stubborn');
			if (called === undefined || !exit) return 'the stubborn child never ended, so there was no SIGKILL to time';
			const waited = Math.round(exit.t - called);
			return waited >= grace - 20 || `the stubborn child was killed ${waited} ms after stopChild was called; the grace period was ${grace} ms`;
		}, { hint: 1 }),
		checks.custom('escalates', 'a child that ignores SIGTERM is ended with SIGKILL', (run) => {
			const { ending } = reported(run, 'stubborn');
			const exit = exitOf(run, 'stubborn');
			const grace = graceFor(run.seed);
			if (ending === 'pending' || !exit) {
				return `stopChild had not finished ${(grace + EXTRA_MS) / 1000} s after it was called, and the stubborn child was still running: it ignores SIGTERM, so after the grace period only SIGKILL ends it`;
			}
			return exit.signal === 'SIGKILL' || `the stubborn child ended with ${JSON.stringify({ code: exit.code, signal: exit.signal })}, not by SIGKILL`;
		}, { hint: 1 }),
		checks.custom('reports-how', 'resolves after the child has exited, saying how it ended', (run) => {
			for (const kind of KINDS) {
				const { ending } = reported(run, kind);
				const exit = exitOf(run, kind);
				const returned = mark(run, `${kind}: stop returned`);
				if (!exit || ending === 'pending' || ending === undefined) return `stopChild never resolved for the ${kind} child`;
				if (returned !== undefined && returned < exit.t) return `stopChild resolved before the ${kind} child had exited: wait for its 'exit' event`;
				const want = { how: exit.signal === 'SIGKILL' ? 'killed' : 'graceful', code: exit.code, signal: exit.signal };
				const got = { how: ending.how, code: ending.code, signal: ending.signal };
				if (JSON.stringify(got) !== JSON.stringify(want)) {
					return `for the ${kind} child, stopChild resolved with ${JSON.stringify(got)}; it ended ${JSON.stringify(want)}`;
				}
			}
			return true;
		}, { hint: 2 }),
		checks.noLeaks(),
	],
});
