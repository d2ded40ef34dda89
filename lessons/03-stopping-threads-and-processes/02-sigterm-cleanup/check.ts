import diagnostics from 'node:diagnostics_channel';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, withinBudget, type RunResult } from 'conc-tutor/kit';

/** How long stop() may take once the child can run. A step is 30 ms, so this is a very generous deadline. */
const STOP_DEADLINE_MS = 2000;
/** How long the job has to come up and finish its first steps (a fork takes ~120 ms idle). */
const START_MS = 2500;
/** How soon after the child's exit stop() must resolve: the 'exit' event and a promise, a few ms idle. */
const SETTLE_MS = 150;

type Shape = 'at-once' | 'frozen';

interface JobPlan {
	shape: Shape;
	/** Steps the job finishes before stop() is called. */
	steps: number;
	/**
	 * frozen: the grader pauses the child (SIGSTOP) just before stop() and resumes it (SIGCONT) this many
	 * ms (before scaling) later, so the child ends well after stop() was called: a stop() that makes up an
	 * answer after a short fixed sleep resolves before it.
	 */
	freezeMs: number;
}

/** Two jobs per run, in an order that varies by seed: one the child can act on at once, one frozen a while. */
export function plan(seed: number): JobPlan[] {
	let state = (seed * 2654435761 + 57) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const jobs: JobPlan[] = [
		{ shape: 'at-once', steps: 2 + next(4), freezeMs: 0 },
		{ shape: 'frozen', steps: 2 + next(4), freezeMs: 200 + next(201) },
	];
	return next(2) === 0 ? jobs : [jobs[1]!, jobs[0]!];
}

interface Reported {
	/** The pid startJob's job reported. */
	pid?: unknown;
	/** The pid of the child the grader saw start during startJob. */
	child?: number;
	/** ms from when the child could act on the request (stop() called, or thawed) to stop() resolving; null: never. */
	stopMs: number | null;
	deadlineMs: number;
	end?: unknown;
	lockLeft?: boolean;
	log?: string[];
}

interface Job extends JobPlan {
	n: number;
	called: number;
	started: number;
	stopCalled: number;
	returned: number;
	children: number[];
	result?: Reported;
}

const mark = (run: RunResult, label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;

function jobsOf(run: RunResult): Job[] {
	const results = (run.values.jobs ?? []) as Reported[];
	return plan(run.seed).flatMap((p, i) => {
		const n = i + 1;
		const called = mark(run, `job ${n}: startJob`);
		if (called === Infinity) return [];
		const started = mark(run, `job ${n}: started`);
		const children = run.trace.events.flatMap((e) => (e.type === 'child-spawn' && e.t >= called && e.t <= started ? [e.pid] : []));
		return [{ ...p, n, called, started, stopCalled: mark(run, `job ${n}: stop called`), returned: mark(run, `job ${n}: stop returned`), children, result: results[i] }];
	});
}

const describe = (j: Job) => `job ${j.n}${j.shape === 'frozen' ? ' (the one the grader paused)' : ''}`;

/** The child's exit as the grader saw it (from outside, not from your code). */
const exitOf = (run: RunResult, pid: number | undefined) =>
	run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid) as { t: number; code: number | null; signal: string | null } | undefined;

function everyJob(run: RunResult, judge: (j: Job, r: Reported) => true | string): true | string {
	const jobs = jobsOf(run);
	if (jobs.length === 0) return 'startJob was never called';
	for (const j of jobs) {
		if (j.started === Infinity || !j.result) return `${describe(j)}: startJob never resolved`;
		const verdict = judge(j, j.result);
		if (verdict !== true) return verdict;
	}
	return true;
}

/** Pauses or resumes the child; one that has already ended (killed by the solution, say) is left alone. */
function signal(pid: number, sig: 'SIGSTOP' | 'SIGCONT'): void {
	try {
		process.kill(pid, sig);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

function readLog(workDir: string): string[] {
	const file = path.join(workDir, 'job.log');
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

export default defineExercise({
	// Room for a failing job's scaled waits (at most 2.5 × (2.5 + 0.4 + 2 × 2) s) after a good one.
	limits: { timeoutMs: 22_000 },
	async run(ctx) {
		const { startJob } = await ctx.import('boss.ts');
		// The children the solution starts, seen as they start (the pid the job reports is the solution's word).
		const spawned: number[] = [];
		diagnostics.subscribe('child_process', (data) => {
			const child = (data as { process: ChildProcess }).process;
			child.once('spawn', () => spawned.push(child.pid!));
		});
		// A busy machine slows the child down: the waits grow with the factor and the pace measured now
		// (at most 2.5×, so the run still fits its own time limit).
		const scale = ctx.factor * Math.min(2.5, await ctx.pace());
		ctx.report('scale', scale);
		const results: Reported[] = [];
		for (const [i, p] of plan(ctx.seed).entries()) {
			const n = i + 1;
			const workDir = path.join(ctx.dir, `work-${ctx.seed}-${n}`);
			mkdirSync(workDir, { recursive: true });
			const before = spawned.length;
			ctx.mark(`job ${n}: startJob`);
			const job = await startJob(workDir);
			ctx.mark(`job ${n}: started`);
			const mine = spawned.slice(before);
			const child = mine.length === 1 ? mine[0] : undefined;
			const report: Reported = { pid: job?.pid, child, stopMs: null, deadlineMs: Math.round(STOP_DEADLINE_MS * scale) };
			results.push(report);
			ctx.report('jobs', results);
			// Stop it after it has done some work: wait for its log, not for a fixed time.
			const done = () => readLog(workDir).filter((line) => line.startsWith('end ')).length;
			await ctx.waitFor(() => done() >= p.steps, START_MS * scale);
			const frozen = p.shape === 'frozen' && child !== undefined;
			if (frozen) signal(child, 'SIGSTOP');
			ctx.mark(`job ${n}: stop called`);
			let from = performance.now();
			let returnedAt: number | undefined;
			const stopping = Promise.resolve(job.stop()).then((end: unknown) => {
				returnedAt = performance.now();
				ctx.mark(`job ${n}: stop returned`);
				// The folder as it is the moment stop() resolves.
				report.end = end;
				report.lockLeft = existsSync(path.join(workDir, 'job.lock'));
				report.log = readLog(workDir);
			});
			if (frozen) {
				await ctx.sleep(Math.round(p.freezeMs * scale));
				signal(child, 'SIGCONT');
				from = performance.now();
				ctx.mark(`job ${n}: resumed`);
			}
			// The deadline, then as long again: a late stop() is measured, so a busy machine can be told
			// from a stop() that never resolves.
			await Promise.race([stopping, ctx.sleep(2 * report.deadlineMs)]);
			report.stopMs = returnedAt === undefined ? null : Math.max(0, Math.round(returnedAt - from));
			ctx.report('jobs', results);
			if (returnedAt === undefined) break;
		}
	},
	checks: [
		checks.custom('processes', 'startJob forks exactly one child process', (run) =>
			everyJob(run, (j) => j.children.length === 1 || `${describe(j)}: startJob started ${j.children.length} child processes; expected exactly 1`)),
		checks.custom('ready', "startJob resolves when the child says 'ready', with the child's pid", (run) =>
			everyJob(run, (j, r) => {
				const child = j.children[0];
				const heard = run.trace.events.some((e) => e.type === 'ipc-message' && e.pid === child && e.t >= j.called && e.t <= j.started);
				if (!heard) return `${describe(j)}: startJob resolved before the child sent 'ready'`;
				return r.pid === child || `${describe(j)}: the job's pid is ${JSON.stringify(r.pid)}, but the child it forked has pid ${child}`;
			})),
		checks.custom('sigterm-sent', 'stop() sends the child SIGTERM, and no other signal', (run) =>
			everyJob(run, (j) => {
				const child = j.children[0];
				const sent = run.trace.events.flatMap((e) =>
					e.type === 'kill' && e.pid === child && e.t >= j.stopCalled && e.signal !== 'SIGSTOP' && e.signal !== 'SIGCONT' ? [e.signal] : [],
				);
				if (sent.length === 0) return `${describe(j)}: stop() sent the child no signal; the polite Unix way to ask a process to stop is SIGTERM (child.kill('SIGTERM'))`;
				const other = sent.find((s) => s !== 'SIGTERM' && s !== '15');
				return other === undefined || `${describe(j)}: stop() sent ${other} as well as SIGTERM; ask once, and let the child finish`;
			}), { hint: 2 }),
		checks.custom('stops', `stop() resolves (within ${STOP_DEADLINE_MS / 1000} s of the child being able to act; more on a busy machine)`, (run) => {
			for (const j of jobsOf(run)) {
				const r = j.result;
				if (!r) return `${describe(j)}: startJob never resolved`;
				const verdict = withinBudget(
					run,
					r.stopMs ?? Infinity,
					r.deadlineMs,
					r.stopMs === null
						? `${describe(j)}: stop() had not resolved ${(2 * r.deadlineMs) / 1000} s after it was called (a step takes 30 ms)`
						: `${describe(j)}: stop() took ${r.stopMs} ms (allowed: ${r.deadlineMs} ms)`,
				);
				if (verdict !== true) return verdict;
			}
			return true;
		}, { timing: true }),
		checks.custom('exits-cleanly', 'the child exits by itself with code 0, not killed by a signal', (run) =>
			everyJob(run, (j) => {
				const exit = exitOf(run, j.children[0]);
				if (!exit) return `${describe(j)}: the child had not exited`;
				if (exit.signal) {
					const sent = run.trace.events.some((e) => e.type === 'kill' && e.pid === j.children[0] && e.signal === exit.signal);
					return exit.signal === 'SIGTERM'
						? `${describe(j)}: the child was killed by SIGTERM: it has no SIGTERM handler, so the signal's default action ended it on the spot`
						: `${describe(j)}: the child was killed by ${exit.signal}${sent ? ' (your code sent it)' : ''}, in the middle of finishing up`;
				}
				return exit.code === 0 || `${describe(j)}: the child exited with code ${exit.code}; a clean stop exits with 0`;
			}), { hint: 0 }),
		checks.custom('step-complete', 'the child finishes the step it was on before it exits', (run) =>
			everyJob(run, (j, r) => {
				const steps = (r.log ?? []).filter((line) => line !== 'cleaned up');
				for (let i = 0; i < steps.length; i += 2) {
					const n = i / 2 + 1;
					if (steps[i] !== `start ${n}`) return `${describe(j)}: job.log is not "start N / end N" pairs at line ${i + 1}: ${JSON.stringify(steps[i])}`;
					if (steps[i + 1] !== `end ${n}`) return `${describe(j)}: step ${n} was started but never finished: the child stopped in the middle of it`;
				}
				return steps.length >= 2 || `${describe(j)}: the child never finished a single step`;
			}), { hint: 1 }),
		checks.custom('cleaned-up', 'the child removes job.lock and logs "cleaned up" as its last line', (run) =>
			everyJob(run, (j, r) => {
				if (!r.log) return `${describe(j)}: stop() never resolved, so there was no moment to look at the folder`;
				if (r.lockLeft) return `${describe(j)}: job.lock was still there when stop() resolved: the child did not clean up (or had not yet)`;
				return r.log.at(-1) === 'cleaned up' || `${describe(j)}: the last line of job.log is ${JSON.stringify(r.log.at(-1) ?? '')}, not "cleaned up"`;
			}), { hint: 1 }),
		checks.custom('waits-for-exit', 'stop() resolves after the child has exited, with its real exit code and signal', (run) =>
			everyJob(run, (j, r) => {
				if (j.returned === Infinity) return true; // never resolved: that is `stops`
				const exit = exitOf(run, j.children[0]);
				if (!exit || j.returned < exit.t) {
					return `${describe(j)}: stop() resolved before the child had exited${exit ? ` (it exited ${Math.round(exit.t - j.returned)} ms later)` : ''}: child.kill() only sends the signal; wait for the 'exit' event`;
				}
				const end = (r.end ?? {}) as { code?: unknown; signal?: unknown };
				if (end.code !== exit.code || end.signal !== exit.signal) {
					return `${describe(j)}: stop() resolved with ${JSON.stringify(r.end)}, but the child ended with ${JSON.stringify({ code: exit.code, signal: exit.signal })}`;
				}
				return true;
			}), { hint: 2 }),
		checks.custom('resolves-on-exit', `stop() resolves as soon as the child has exited (within ${SETTLE_MS} ms)`, (run) => {
			const scale = Number(run.values.scale ?? 1);
			const budget = Math.round(SETTLE_MS * scale);
			for (const j of jobsOf(run)) {
				const exit = exitOf(run, j.children[0]);
				if (!exit || j.returned === Infinity || j.returned < exit.t) continue; // that is `stops` or `waits-for-exit`
				const late = Math.round(j.returned - exit.t);
				const verdict = withinBudget(run, late, budget, `${describe(j)}: stop() resolved ${late} ms after the child had exited (allowed: ${budget} ms): resolve from the 'exit' event itself, not from a timer`);
				if (verdict !== true) return verdict;
			}
			return true;
		}, { hint: 2, timing: true }),
	],
});
