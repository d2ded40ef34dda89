// WRONG: no SIGTERM handler. SIGTERM's default action kills the process at once: the step it was on
// is cut off, job.lock is never removed, and the process ends "by signal" instead of exiting by itself.

// The job: a child process that works in steps inside a folder it owns.
// Started as: fork(new URL('./job.js', import.meta.url), [workDir])
//
// On start it creates workDir/job.lock ("this folder is mine"), tells its parent 'ready', and then
// works step after step, logging "start N" and "end N" to workDir/job.log. A step takes 30 ms.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const workDir = process.argv[2]!;
const lockFile = path.join(workDir, 'job.lock');
const logFile = path.join(workDir, 'job.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

writeFileSync(lockFile, String(process.pid));
process.send!('ready');

for (let step = 1; ; step++) {
	appendFileSync(logFile, `start ${step}\n`);
	await sleep(30); // the step's work
	appendFileSync(logFile, `end ${step}\n`);
}
