// Runs inside a worker thread: its own JavaScript thread, with its own event loop and its own memory.
// TODO: read the limit the main thread gave you, count the primes below it, send the count back.
import { parentPort, workerData } from 'node:worker_threads';
import { countPrimes } from './primes.js';
