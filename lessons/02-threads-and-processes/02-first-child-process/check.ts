import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const WORDS = ['ticket', 'theatre', 'queue', 'worker', 'process', 'thread', 'signal', 'core'];

interface Plan {
	texts: string[];
	/** Short-lived processes of the grader's own started before each call, so that no child pid can be guessed. */
	spacers: number[];
	/** A word the grader's hash-child mixes into every digest: the right digest can only come from the child. */
	salt: string;
}

/** Two calls, each with its own text and 0–3 of the grader's processes before it, from the seed. */
export function plan(seed: number): Plan {
	let state = (seed * 2654435761 + 777) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
	const text = () => `${WORDS[next(WORDS.length)]} ${WORDS[next(WORDS.length)]} #${seed}-${next(100_000)}`;
	const letters = 'abcdefghjkmnpqrstuvwxyz';
	const salt = Array.from({ length: 6 }, () => letters[next(letters.length)]).join('');
	return { texts: [text(), text()], spacers: [next(4), next(4)], salt };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** What the grader's hash-child answers: the SHA-256 of its salt followed by the text. */
const childDigest = (salt: string, text: string) => sha256(salt + text);

/**
 * hash-child.ts as the grader runs it (the learner's copy is replaced in the run folder): the same
 * program, except that it salts the hash with this run's word. A parent that hashes the text itself,
 * and ignores the child's answer, returns the plain SHA-256 and fails.
 */
const childSource = (salt: string) => `import { createHash } from 'node:crypto';
process.on('message', (text) => {
	const digest = createHash('sha256').update(${JSON.stringify(salt)}).update(String(text)).digest('hex');
	process.send({ digest });
});
`;

interface Call {
	call: number;
	text: string;
	from: number;
	to: number;
	/** pids of the child processes started during the call. */
	children: number[];
}

function callsOf(run: RunResult): Call[] {
	const at = (label: string) => run.trace.events.find((e) => e.type === 'mark' && e.label === label)?.t ?? Infinity;
	return plan(run.seed).texts.map((text, i) => {
		const from = at(`called ${i + 1}`);
		const to = at(`returned ${i + 1}`);
		const children = run.trace.events.flatMap((e) => (e.type === 'child-spawn' && e.t >= from && e.t <= to ? [e.pid] : []));
		return { call: i + 1, text, from, to, children };
	});
}

const name = (c: Call) => `hashInChild(${JSON.stringify(c.text)})`;

interface Answer {
	digest?: unknown;
	pid?: unknown;
}

export default defineExercise({
	limits: { timeoutMs: 6000 },
	async run(ctx) {
		const { texts, spacers, salt } = plan(ctx.seed);
		writeFileSync(path.join(ctx.dir, 'hash-child.js'), childSource(salt));
		const { hashInChild } = await ctx.import('hash.ts');
		const { spawn } = await import('node:child_process');
		const answers: Answer[] = [];
		for (const [i, text] of texts.entries()) {
			for (let s = 0; s < spacers[i]!; s++) {
				const spacer = spawn('true', [], { stdio: 'ignore' });
				await new Promise((resolve) => {
					spacer.once('exit', resolve);
					spacer.once('error', resolve);
				});
			}
			ctx.mark(`called ${i + 1}`);
			const answer = (await hashInChild(text)) as Answer | undefined;
			ctx.mark(`returned ${i + 1}`);
			answers.push({ digest: answer?.digest, pid: answer?.pid });
		}
		ctx.report('answers', answers);
	},
	checks: [
		checks.custom('processes', 'starts one child process per call', (run) => {
			for (const c of callsOf(run)) {
				if (c.to === Infinity) return `${name(c)} never resolved`;
				if (c.children.length !== 1) return `${name(c)} started ${c.children.length} child processes; expected exactly 1`;
			}
			return true;
		}, { hint: 0 }),
		checks.custom('ipc', 'sends the child the text once and receives its answer', (run) => {
			for (const c of callsOf(run)) {
				const pid = c.children[0];
				if (pid === undefined) return `${name(c)} started no child process`;
				const inCall = run.trace.events.filter((e) => e.t >= c.from && e.t <= c.to);
				const sent = inCall.filter((e) => e.type === 'ipc-send' && e.pid === pid).length;
				const received = inCall.filter((e) => e.type === 'ipc-message' && e.pid === pid).length;
				if (sent !== 1) return `${name(c)} called child.send() ${sent} times; send the text once, with child.send(text)`;
				if (received < 1) return `${name(c)} resolved before the child's answer arrived; the digest must be the one the child sends back`;
			}
			return true;
		}),
		checks.custom('digest', 'returns the digest the child sent back', (run) => {
			const answers = run.values.answers as Answer[] | undefined;
			const { salt } = plan(run.seed);
			for (const c of callsOf(run)) {
				const got = answers?.[c.call - 1]?.digest;
				const want = childDigest(salt, c.text);
				if (got === want) continue;
				if (got === sha256(c.text)) {
					return `${name(c)} resolved with the plain SHA-256 of the text, worked out by your own code: the grader's hash-child salts its digest with a word of its own (${want}); return the digest the child sends back`;
				}
				return `${name(c)} resolved with digest ${JSON.stringify(got)}; the child answered ${want}`;
			}
			return true;
		}),
		checks.custom('child-pid', 'returns the pid of the child process it started', (run) => {
			const answers = run.values.answers as Answer[] | undefined;
			const main = run.trace.lanes.find((lane) => lane.name === 'main');
			for (const c of callsOf(run)) {
				const pid = answers?.[c.call - 1]?.pid;
				if (c.children.length === 0) return `${name(c)} returned pid ${JSON.stringify(pid)}, but no child process was started`;
				if (c.children.includes(pid as number)) continue;
				if (main && pid === main.pid) return `you returned ${pid}, the pid of the parent process (process.pid); the child's is child.pid`;
				return `${name(c)} returned pid ${JSON.stringify(pid)}, but the child it started had pid ${c.children.join(', ')} (other processes start too, so pids are not predictable: read child.pid)`;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('exited-before-return', 'resolves after the child has exited by itself (code 0, no signal)', (run) => {
			for (const c of callsOf(run)) {
				for (const pid of c.children) {
					const exit = run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid);
					if (exit?.type !== 'child-exit' || exit.t > c.to) {
						return `${name(c)} resolved while its child was still running${exit ? ` (it exited ${Math.round(exit.t - c.to)} ms later)` : ''}: close the channel with child.disconnect() and resolve on the child's 'exit' event`;
					}
					if (exit.signal !== null) {
						const kill = run.trace.events.some((e) => e.type === 'kill' && e.pid === pid);
						return `the child of ${name(c)} was ended by ${exit.signal}${kill ? ' (your code killed it)' : ''}; close its channel with child.disconnect() and let it exit by itself`;
					}
					if (exit.code !== 0) return `the child of ${name(c)} exited with code ${exit.code}; with its channel closed it exits by itself with code 0`;
				}
			}
			return true;
		}, { hint: 1 }),
	],
});
