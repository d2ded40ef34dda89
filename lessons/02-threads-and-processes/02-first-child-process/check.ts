import { createHash } from 'node:crypto';
import { checks, defineExercise } from 'conc-tutor/kit';

const WORDS = ['ticket', 'theatre', 'queue', 'worker', 'process', 'thread', 'signal', 'core'];
const textFor = (seed: number) => `${WORDS[seed % WORDS.length]} ${WORDS[Math.floor(seed / 8) % WORDS.length]} #${seed}`;

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		const { hashInChild } = await ctx.import('hash.ts');
		const answer = await hashInChild(textFor(ctx.seed));
		ctx.report('digest', answer?.digest);
		ctx.report('pid', answer?.pid);
	},
	checks: [
		checks.equal('digest', 'returns the child\'s digest', 'digest', (run) => createHash('sha256').update(textFor(run.seed)).digest('hex')),
		checks.processes({ exact: 1 }, { hint: 0 }),
		checks.value('child-pid', 'returns the pid of the child process it started', 'pid', (pid: unknown, run) => {
			const spawned = run.trace.events.flatMap((e) => (e.type === 'child-spawn' ? [e.pid] : []));
			if (spawned.length === 0) return `you returned pid ${JSON.stringify(pid)}, but no child process was started`;
			if (spawned.includes(pid as number)) return true;
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			if (main && pid === main.pid) return `you returned ${pid}, the pid of the parent process (process.pid); the child's is child.pid`;
			return `you returned ${JSON.stringify(pid)}, but the child process that ran had pid ${spawned.join(', ')}`;
		}, { hint: 1 }),
		checks.noLeaks({ hint: 1 }),
	],
});
