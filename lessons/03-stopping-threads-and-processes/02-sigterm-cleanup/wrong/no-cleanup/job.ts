// WRONG: handles SIGTERM and finishes its step, then exits at once: job.lock is left behind ("this
// folder is mine", from a process that is gone) and the log never says "cleaned up".
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const workDir = process.argv[2]!;
const lockFile = path.join(workDir, 'job.lock');
const logFile = path.join(workDir, 'job.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stopping = false;
process.on('SIGTERM', () => {
	stopping = true;
});

writeFileSync(lockFile, String(process.pid));
process.send!('ready');

for (let step = 1; !stopping; step++) {
	appendFileSync(logFile, `start ${step}\n`);
	await sleep(30); // the step's work
	appendFileSync(logFile, `end ${step}\n`);
}
process.exit(0);
