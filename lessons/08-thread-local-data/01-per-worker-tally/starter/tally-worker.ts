// One worker: records every task it is sent, and answers a report request with its own totals.
// You do not need to change this file.
import { parentPort, workerData } from 'node:worker_threads';
import { attach, mine, record } from './stats.js';

export type ToWorker = { type: 'task'; value: number } | { type: 'report' };

attach(workerData.shared as SharedArrayBuffer);

parentPort!.on('message', (message: ToWorker) => {
	if (message.type === 'task') record(message.value);
	else parentPort!.postMessage(mine());
});
