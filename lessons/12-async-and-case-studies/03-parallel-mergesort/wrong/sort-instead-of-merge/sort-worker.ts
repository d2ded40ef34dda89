// Runs in a worker thread. workerData is { data, lo, hi }: sort data[lo..hi) in place, then tell the parent.
import { parentPort, workerData } from 'node:worker_threads';
import { sortRange } from './merge-sort.js';

const { data, lo, hi } = workerData as { data: Int32Array; lo: number; hi: number };

// `data` is a view over the parent's SharedArrayBuffer: sorting it here sorts the parent's array.
sortRange(data, lo, hi);
parentPort!.postMessage('sorted');
