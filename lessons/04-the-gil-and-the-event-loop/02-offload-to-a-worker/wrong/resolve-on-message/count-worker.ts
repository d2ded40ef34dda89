// Part of the "resolve-on-message" wrong variant: an ordinary count-worker.
import { parentPort, workerData } from 'node:worker_threads';
import { countPrimes } from './primes.js';

parentPort!.postMessage(countPrimes(0, workerData as number));
