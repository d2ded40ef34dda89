// What a worker ran after the sampler's last look at it is bounded from its process's total CPU (lane.tailMs).
// Each worker here reads its own exact CPU (schedstat) as it finishes, so the test knows the truth: the bound
// must never be below it (a check would pass a spinner on it), and must not take in the CPU of threads that
// live on (or it would decide nothing).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureExercise, gradeWith } from '../helpers/grader.js';

const overlay = mkdtempSync(path.join(tmpdir(), 'conc-tutor-test-'));
afterAll(() => rmSync(overlay, { recursive: true, force: true }));

writeFileSync(
	path.join(overlay, 'burn.ts'),
	`import { Worker } from 'node:worker_threads';
function burn(ms: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./burn-worker.js', import.meta.url), { workerData: ms });
		worker.once('message', ([threadId, ranMs]: [number, number]) => {
			console.log(\`ran \${threadId} \${ranMs}\`);
			resolve(ranMs);
		});
		worker.once('error', reject);
	});
}
export function burnTwice(ms: number): Promise<number[]> {
	return Promise.all([burn(ms), burn(ms)]);
}
`,
);
writeFileSync(
	path.join(overlay, 'burn-worker.ts'),
	`import { readFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
const end = Date.now() + (workerData as number);
while (Date.now() < end);
const ranMs = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
parentPort!.postMessage([threadId, ranMs]);
`,
);

describe("the sampler's bound on a thread's CPU after its last look (tailMs)", () => {
	it('holds all the CPU each worker ran, and none of the threads that live on', async () => {
		const result = await gradeWith(fixtureExercise('parallel-burn'), overlay);
		const ran = new Map([...result.output.matchAll(/ran (\d+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]));
		expect(ran.size, result.output).toBe(2);
		const lanes = [...ran].map(([threadId, ranMs]) => ({ ranMs, lane: result.trace!.lanes.find((l) => l.threadId === threadId)! }));
		// Two workers ending between the same two looks share one bound: it may hold both tails, no more.
		const tails = lanes.reduce((sum, { ranMs, lane }) => sum + ranMs - lane.cpuMs, 0);
		for (const { ranMs, lane } of lanes) {
			expect(lane.tailMs, lane.name).toBeDefined();
			expect(lane.cpuMs + lane.tailMs!, `${lane.name}: ${lane.cpuMs} + ${lane.tailMs}`).toBeGreaterThanOrEqual(ranMs);
			expect(lane.tailMs!, lane.name).toBeLessThan(tails + 100);
		}
	}, 60_000);
});
