// `conc-tutor grade-worker --queue redis://…`: grades cells queued by `grade --queue`, on this machine,
// in the same isolated sandbox as verify. Ordinary cells run one per core; a timing-sensitive cell runs
// with nothing else on this worker (see Gate in classroom/queue.ts).
import { availableParallelism } from 'node:os';
import type { CommandContext } from '../cli/context.js';
import { detectIsolation } from '../grader/isolation.js';

export interface GradeWorkerFlags {
	queue?: string;
	jobs?: number;
	allowUnisolated?: boolean;
	/** Seconds a job's lock lasts without renewal before another worker takes the cell over (default 30). */
	lockSeconds?: number;
}

export async function gradeWorker(ctx: CommandContext, flags: GradeWorkerFlags): Promise<number> {
	const say = (line: string) => void ctx.io.stderr.write(`${line}\n`);
	if (!flags.queue) {
		say('grade-worker needs --queue redis://host:port: the Redis the instructor runs grade --queue against.');
		return 2;
	}
	const isolation = detectIsolation();
	if (isolation.mode === 'none' && !flags.allowUnisolated) {
		say(`Not starting: learners' code cannot be isolated here (${isolation.missing}). Pass --no-isolation to grade anyway, with their code running as you.`);
		return 2;
	}
	const queue = await import('../classroom/queue.js');
	const problem = await queue.checkQueue(flags.queue);
	if (problem) {
		say(problem);
		return 2;
	}
	const controller = new AbortController();
	const onSignal = () => {
		if (controller.signal.aborted) process.exit(130);
		say('Stopping: finishing the cells in hand (Ctrl+C again to quit at once; their cells then go to another worker).');
		controller.abort();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		const done = await queue.runWorker({
			url: flags.queue,
			pack: ctx.pack(),
			concurrency: flags.jobs ?? availableParallelism(),
			isolation: isolation.mode,
			lockMs: flags.lockSeconds ? flags.lockSeconds * 1000 : undefined,
			say,
			signal: controller.signal,
		});
		say(`Stopped after grading ${done} cell${done === 1 ? '' : 's'}.`);
		return 0;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}
