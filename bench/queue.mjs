#!/usr/bin/env node
// Grading on the queue (issue 19, item 7): the same synthetic class (bench/class.mjs's buildClass) graded
// by `grade --jobs 2` on this machine, then by `grade --queue` with 1 and with 2 `grade-worker` processes
// on a redis-server this script starts on a free port on 127.0.0.1 (and stops, by pid). Same total
// concurrency in each queued run: 1 worker × --jobs 2, 2 workers × --jobs 1. Also the queue's own
// overhead per cell: N jobs carrying a real cell's files, added, taken by a BullMQ worker that does no
// grading (concurrency 2), and their completions heard by QueueEvents, as the coordinator hears them.
//
//   node bench/queue.mjs [--learners 4] [--jobs 2] [--overhead-jobs 500] [--out FILE]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { buildClass } from './class.mjs';
import { buildDriver, cli, driver, ensureBuilt, fixturePack, machine, root, runTree } from './lib.mjs';
import { writeResults } from './results.mjs';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '4' },
		jobs: { type: 'string', default: '2' },
		'overhead-jobs': { type: 'string', default: '500' },
		out: { type: 'string', default: path.join(root, 'bench/RESULTS.md') },
	},
});
const learners = Number(values.learners);
const jobs = Number(values.jobs);
const overheadJobs = Number(values['overhead-jobs']);

const freePort = () =>
	new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});

ensureBuilt();
const before = machine();
const { exercises } = driver(buildDriver(), ['describe', fixturePack]);
const work = mkdtempSync(path.join(tmpdir(), 'conc-tutor-queue-bench-'));
const classDir = path.join(work, 'class');
buildClass(classDir, learners, exercises);
const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const workers = new Set();
try {
	for (let i = 0; ; i++) {
		if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) break;
		if (i > 100) throw new Error('redis-server did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
	// The verdicts: learner, exercise, status, failed check, score, isolation. Messages may carry measured
	// times (blocked for 320 ms) or an order of events that differ between any two gradings, local or not.
	const csvOf = (file) => readFileSync(file, 'utf8').trim().split('\n').map((line) => { const f = line.split(','); return [...f.slice(0, 4), ...f.slice(-2)].join(','); }).join('\n');
	const gradeArgs = (out) => [cli, '--lessons', fixturePack, 'grade', classDir, '--format', 'csv', '--out', out];
	const runs = [];
	const differ = [];
	const local = path.join(work, 'local.csv');
	console.error(`queue bench: local grade --jobs ${jobs}…`);
	const l = await runTree(process.execPath, [...gradeArgs(local), '--jobs', String(jobs)]);
	if (l.status !== 0) throw new Error(`local grade exited ${l.status}: ${l.stderr}`);
	const cells = readFileSync(local, 'utf8').trim().split('\n').length - 1;
	runs.push({ label: `local \`grade --jobs ${jobs}\``, wall: l.wall, same: true });
	for (const [count, each] of [[1, jobs], [2, Math.max(1, jobs / 2)]]) {
		const db = count;
		const url = `redis://127.0.0.1:${port}/${db}`;
		const started = [];
		for (let i = 0; i < count; i++) {
			const child = spawn(process.execPath, [cli, '--lessons', fixturePack, 'grade-worker', '--queue', url, '--jobs', String(each)], { stdio: ['ignore', 'ignore', 'pipe'] });
			let ready = false;
			child.stderr.on('data', (chunk) => void (ready ||= String(chunk).includes('ready')));
			workers.add(child);
			started.push({ child, ready: () => ready });
		}
		while (!started.every((w) => w.ready())) await new Promise((r) => setTimeout(r, 50));
		console.error(`queue bench: grade --queue with ${count} worker${count === 1 ? '' : 's'} × --jobs ${each}…`);
		const out = path.join(work, `queue-${count}.csv`);
		const q = await runTree(process.execPath, [...gradeArgs(out), '--queue', url]);
		if (q.status !== 0) throw new Error(`grade --queue exited ${q.status}: ${q.stderr}`);
		if (csvOf(out) !== csvOf(local)) {
			const a = csvOf(local).split('\n');
			const b = csvOf(out).split('\n');
			for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) differ.push(`${count} worker${count === 1 ? '' : 's'}: local \`${a[i]}\`, queued \`${b[i]}\``);
		}
		runs.push({ label: `\`grade --queue\`, ${count} worker${count === 1 ? '' : 's'} × \`--jobs ${each}\``, wall: q.wall, same: csvOf(out) === csvOf(local) });
		for (const { child } of started) {
			const gone = new Promise((r) => child.once('exit', r));
			child.kill('SIGINT');
			await gone;
			workers.delete(child);
		}
	}

	// The queue's own cost per cell: real payloads, no grading.
	const connection = { host: '127.0.0.1', port, db: 9 };
	const sample = path.join(classDir, 'learner-01', exercises[0].lessonDir, exercises[0].id);
	const files = Object.fromEntries(
		spawnSync('find', [sample, '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n').map((f) => [path.relative(sample, f), readFileSync(f).toString('base64')]),
	);
	const payloadBytes = JSON.stringify(files).length;
	const queue = new Queue('overhead', { connection });
	const events = new QueueEvents('overhead', { connection });
	await events.waitUntilReady();
	const noop = new Worker('overhead', async (job) => ({ learner: job.data.learner, exercise: 'x', status: 'pass', durationMs: 1 }), { connection, concurrency: 2 });
	await noop.waitUntilReady();
	let heard = 0;
	const all = new Promise((resolve) => events.on('completed', () => ++heard === overheadJobs && resolve()));
	const t0 = performance.now();
	await queue.addBulk(Array.from({ length: overheadJobs }, (_, i) => ({ name: 'cell', data: { learner: `l${i}`, exercise: 'x', seed: 1, packHash: 'p', files, alone: false }, opts: { jobId: `cell-${i}` } })));
	await all;
	const overheadMs = (performance.now() - t0) / overheadJobs;
	await noop.close();
	await events.close();
	await queue.close();

	const row = (r) => `| ${r.label} | ${cells} | ${(r.wall / 1000).toFixed(1)} s | ${(cells / (r.wall / 1000)).toFixed(2)} | ${r.same ? 'yes' : 'NO'} |`;
	const markdown = [
		'## Grading on the queue (BullMQ on Redis)',
		'',
		`${before.cores} cores, ${before.cpu}, ${before.memoryGb} GB, Node ${before.node}, ${spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ')}, load ${before.load} before, ${machine().load} after, ${before.date}, commit ${before.commit}.`,
		`A synthetic class of ${learners} learners × ${exercises.length} exercises (bench/class.mjs's mix of references, starters and wrong variants), pack \`test/fixtures/grader-pack\`; workers on this machine; one run each. Run: \`node bench/queue.mjs [--learners N] [--jobs N]\`.`,
		'',
		'| how | cells | wall | cells/s | same verdicts as local |',
		'|---|---:|---:|---:|---|',
		...runs.map(row),
		'',
		'Same verdicts: every row\'s learner, exercise, status, failed check, score and isolation equal to the local run\'s (messages can carry measured times, e.g. "blocked for 320 ms", which differ between any two gradings).',
		...(differ.length ? ['', 'Verdicts that differed from the local run\'s:', '', ...differ.map((d) => `- ${d}`)] : []),
		'',
		`Queue overhead per cell: ${overheadMs.toFixed(2)} ms (goal < 10 ms: ${overheadMs < 10 ? 'met' : 'MISSED'}) — ${overheadJobs} jobs each carrying a real cell's files (${payloadBytes} bytes of JSON), added with addBulk, taken by a BullMQ worker of concurrency 2 that grades nothing, each completion heard through QueueEvents; wall time ÷ jobs.`,
		`The end-to-end difference, (1 worker − local) ÷ cells: ${((runs[1].wall - runs[0].wall) / cells).toFixed(0)} ms per cell; it includes the coordinator's and worker's start-up (BullMQ, Redis connections) and the workers' own sandboxes, and is within the noise of one run on a shared machine.`,
	].join('\n');
	writeResults(values.out, 'queue', markdown);
	console.log(markdown);
} finally {
	for (const child of workers) child.kill('SIGKILL');
	if (redis.pid) process.kill(redis.pid, 'SIGKILL');
	rmSync(work, { recursive: true, force: true });
}
