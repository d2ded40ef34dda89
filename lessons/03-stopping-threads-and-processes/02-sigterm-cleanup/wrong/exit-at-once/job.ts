// WRONG: cleans up and exits inside the SIGTERM handler, right away. The handler runs while a step is
// in progress (the loop is awaiting its 30 ms), so that step is cut in half: "start N" with no "end N".
import { appendFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const workDir = process.argv[2]!;
const lockFile = path.join(workDir, 'job.lock');
const logFile = path.join(workDir, 'job.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

process.on('SIGTERM', () => {
	unlinkSync(lockFile);
	appendFileSync(logFile, 'cleaned up\n');
	process.exit(0);
});

writeFileSync(lockFile, String(process.pid));
process.send!('ready');

for (let step = 1; ; step++) {
	appendFileSync(logFile, `start ${step}\n`);
	await sleep(30); // the step's work
	appendFileSync(logFile, `end ${step}\n`);
}
