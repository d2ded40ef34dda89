// A worker's `thread` line (fd 4) is what turns a thread the sampler sees into a worker's lane. A busy
// grader can read that line late, after the worker has ended: the lane must still be made, from what the
// sampler saw of the thread while it ran (a check would otherwise say the worker never ran).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { hasProc, procStat } from '../../source/grader/proc.js';
import { Sampler, type Threads } from '../../source/grader/sandbox/sampler.js';

// Starts a worker that says its tid, runs on a core for 400 ms and ends; the process lives on.
const script = `
const { Worker } = require('node:worker_threads');
const worker = new Worker(\`
	const { parentPort } = require('node:worker_threads');
	parentPort.postMessage(Number(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]));
	const end = Date.now() + 400;
	while (Date.now() < end);
\`, { eval: true });
worker.on('message', (tid) => console.log('tid ' + tid));
worker.on('exit', () => console.log('exited'));
setTimeout(() => {}, 30_000);
`;

describe.skipIf(!hasProc)('a worker whose thread line is read only after it ended', () => {
	it('still becomes a lane, with the CPU and the looks seen while it ran', async () => {
		const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
		try {
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk));
			const t0 = Date.now();
			const threads: Threads = new Map();
			const sampler = new Sampler({
				rootPid: child.pid!,
				isolated: false,
				known: new Map([[child.pid!, procStat(child.pid!)!.start]]),
				now: () => Date.now() - t0,
				threads,
			});
			// The grader looks every 40 ms, but reads no thread line until the worker has ended.
			while (!output.includes('exited')) {
				sampler.sample(40);
				await sleep(40);
			}
			sampler.sample(40);
			expect([...sampler.lanes.values()].map((lane) => lane.name)).toEqual(['main']);
			const tid = Number(/tid (\d+)/.exec(output)![1]);
			threads.set(tid, { threadId: 1, pid: child.pid! });
			sampler.claimLate();
			const lane = [...sampler.lanes.values()].find((l) => l.threadId === 1);
			expect(lane, 'a lane for the worker').toBeDefined();
			expect(lane!.name).toBe('worker 1');
			expect(lane!.cpuMs).toBeGreaterThan(100);
			expect(lane!.samples.length).toBeGreaterThan(1);
			// It ended where the sampler stopped finding it: before the last look, not at the claim.
			expect(lane!.end).toBeDefined();
			expect(lane!.end!).toBeLessThanOrEqual(lane!.samples.at(-1)![0] + 100);
			expect(lane!.start).toBeLessThan(lane!.samples.at(-1)![0]);
		} finally {
			child.kill('SIGKILL');
			await once(child, 'exit').catch(() => {});
		}
	}, 30_000);
});
