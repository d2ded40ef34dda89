// Part of the "worker never exits" wrong variant: a message listener keeps this worker alive forever.
import { parentPort } from 'node:worker_threads';
import { countPrimes } from './primes.js';

parentPort!.on('message', (limit: number) => {
	parentPort!.postMessage(countPrimes(0, limit));
});
