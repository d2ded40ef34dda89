// One runner: says it is ready, waits for the start event, then runs. You do not need to change this file.
import { parentPort, workerData } from 'node:worker_threads';
import { ThreadEvent } from './event.js';

export type FromRunner = { type: 'ready' } | { type: 'done'; index: number; place: number };

const start = ThreadEvent.from(workerData.start);
const board = new Int32Array(workerData.board); // board[0]: how many runners have started running

const say = (message: FromRunner) => parentPort!.postMessage(message);

say({ type: 'ready' });
start.wait(); // this thread sleeps here until the main thread sets the event
const place = Atomics.add(board, 0, 1) + 1; // 1 for the first runner off the line, 2 for the next...
say({ type: 'done', index: workerData.index, place });
// nothing is left to do: the worker ends by itself
