// A worker that lives through every state of a thread. You do not need to change it.
//
// workerData: { steps, exitCode }. It posts "step 1" … "step N", sleeping 20 ms between steps
// (blocked in Atomics.wait: the thread is alive but not running), then spends 300 ms "closing files"
// and exits with exitCode.
import { parentPort, workerData } from 'node:worker_threads';

const { steps, exitCode } = workerData as { steps: number; exitCode: number };
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

for (let i = 1; i <= steps; i++) {
	sleep(20);
	parentPort!.postMessage(`step ${i}`);
}
sleep(300);
process.exit(exitCode);
