// Part of the "uses a worker" wrong variant: counts below workerData in a worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import { countPrimes } from './primes.js';

parentPort!.postMessage(countPrimes(0, workerData as number));
