import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

/** How long stop() may take. A step is 30 ms, so this is a very generous deadline. */
const STOP_DEADLINE_MS = 2000;

interface Reported {
	pid?: number;
	stopped?: boolean;
	end?: { code: number | null; signal: string | null };
	lockLeft?: boolean;
	log?: string[];
	/** How long the grader waited for stop() in this run (scaled on a busy machine). */
	deadlineMs?: number;
}

const reported = (run: RunResult) => (run.values.job ?? {}) as Reported;

/** The child's exit as the grader saw it (from outside, not from your code). */
function childExit(run: RunResult) {
	const { pid } = reported(run);
	return run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid) as
		| { t: number; code: number | null; signal: string | null }
		| undefined;
}

export default defineExercise({
	limits: { timeoutMs: 7000 },
	async run(ctx) {
		const { startJob } = await ctx.import('boss.ts');
		const workDir = path.join(ctx.dir, `work-${ctx.seed}`);
		mkdirSync(workDir, { recursive: true });
		const job = await startJob(workDir);
		const report: Reported = { pid: job.pid };
		// A busy machine slows the child down: the waits grow with the factor and the pace measured now
		// (at most 2.5×, so the run still fits its own time limit).
		const scale = Math.min(2.5 * ctx.factor, ctx.factor * (await ctx.pace()));
		const deadline = Math.round(STOP_DEADLINE_MS * scale);
		report.deadlineMs = deadline;
		await ctx.sleep(Math.round((150 + ctx.randomInt(0, 100)) * scale));
		ctx.mark('stop called');
		const end = await Promise.race([Promise.resolve(job.stop()), ctx.sleep(deadline).then(() => 'pending' as const)]);
		ctx.mark('stop returned');
		report.stopped = end !== 'pending';
		if (end !== 'pending') report.end = end;
		report.lockLeft = existsSync(path.join(workDir, 'job.lock'));
		const logFile = path.join(workDir, 'job.log');
		report.log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
		ctx.report('job', report);
	},
	checks: [
		checks.custom('stops', `stop() resolves (within ${STOP_DEADLINE_MS / 1000} s; more on a busy machine)`, (run) =>
			reported(run).stopped === true || `stop() had not resolved ${(reported(run).deadlineMs ?? STOP_DEADLINE_MS) / 1000} s after it was called (a step takes 30 ms)`,
		{ timing: true }),
		checks.custom('exits-cleanly', 'the child exits by itself with code 0, not killed by the signal', (run) => {
			const exit = childExit(run);
			if (!exit) return 'the child had not exited';
			if (exit.signal) return `the child was killed by ${exit.signal}: it has no SIGTERM handler, so the signal's default action ended it on the spot`;
			return exit.code === 0 || `the child exited with code ${exit.code}; a clean stop exits with 0`;
		}, { hint: 0 }),
		checks.custom('step-complete', 'the child finishes the step it was on before it exits', (run) => {
			const log = reported(run).log ?? [];
			const steps = log.filter((line) => line !== 'cleaned up');
			for (let i = 0; i < steps.length; i += 2) {
				const n = i / 2 + 1;
				if (steps[i] !== `start ${n}`) return `job.log is not "start N / end N" pairs at line ${i + 1}: ${JSON.stringify(steps[i])}`;
				if (steps[i + 1] !== `end ${n}`) return `step ${n} was started but never finished: the child stopped in the middle of it`;
			}
			return steps.length >= 2 || 'the child never finished a single step';
		}, { hint: 1 }),
		checks.custom('cleaned-up', 'the child removes job.lock and logs "cleaned up" as its last line', (run) => {
			const { lockLeft, log = [] } = reported(run);
			if (lockLeft) return 'job.lock was still there when stop() resolved: the child did not clean up (or had not yet)';
			return log.at(-1) === 'cleaned up' || `the last line of job.log is ${JSON.stringify(log.at(-1) ?? '')}, not "cleaned up"`;
		}, { hint: 1 }),
		checks.custom('waits-for-exit', 'stop() resolves after the child has exited, with its real exit code and signal', (run) => {
			const exit = childExit(run);
			const returned = run.trace.events.find((e) => e.type === 'mark' && e.label === 'stop returned');
			const { end } = reported(run);
			if (!exit) return 'the child had not exited when stop() resolved (child.kill() only sends the signal)';
			if (returned && returned.t < exit.t) return 'stop() resolved before the child had exited: child.kill() only sends the signal; wait for the \'exit\' event';
			if (!end || end.code !== exit.code || end.signal !== exit.signal) {
				return `stop() resolved with ${JSON.stringify(end)}, but the child ended with ${JSON.stringify({ code: exit.code, signal: exit.signal })}`;
			}
			return true;
		}, { hint: 2 }),
		checks.processes({ exact: 1 }),
		checks.noLeaks(),
	],
});
