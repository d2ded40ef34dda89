// (This file is correct; the mistake is in boss.ts.)
// The job: a child process that works in steps inside a folder it owns.
// Started as: fork(new URL('./job.js', import.meta.url), [workDir])
//
// On start it creates workDir/job.lock ("this folder is mine"), tells its parent 'ready', and then
// works step after step, logging "start N" and "end N" to workDir/job.log. A step takes 30 ms.
// On SIGTERM it finishes the step it is on, cleans up, and exits with code 0.
import { appendFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const workDir = process.argv[2]!;
const lockFile = path.join(workDir, 'job.lock');
const logFile = path.join(workDir, 'job.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// With a listener, SIGTERM no longer kills the process: it only calls this function, between two
// pieces of JavaScript. We note the request; the loop acts on it when the current step is done.
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

unlinkSync(lockFile);
appendFileSync(logFile, 'cleaned up\n');
// Nothing is left to keep this process alive (no timers, and no 'message' listener, so the IPC
// channel does not hold it either): it would end by itself with code 0. process.exit(0) says so
// outright, whatever a later change might leave pending.
process.exit(0);
