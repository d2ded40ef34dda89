// WRONG (see boss.ts): stops when its parent sends 'stop' on the IPC channel; SIGTERM is not handled.
import { appendFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const workDir = process.argv[2]!;
const lockFile = path.join(workDir, 'job.lock');
const logFile = path.join(workDir, 'job.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stopping = false;
process.on('message', (message) => {
	if (message === 'stop') stopping = true;
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
process.exit(0);
