// Runs inside a worker thread: its own JavaScript thread, with its own event loop and its own memory.
// It may block as long as it likes: the main thread's event loop is not affected.
import { parentPort, workerData } from 'node:worker_threads';
import { countPrimes } from './primes.js';

const limit = workerData as number;
parentPort!.postMessage(countPrimes(0, limit));
// Nothing else is pending, so the worker exits by itself after this.
