// Part of the "decoy worker" wrong variant: looks busy for as long as a real count would take, and
// counts nothing.
import { parentPort, workerData } from 'node:worker_threads';

const until = Date.now() + (workerData as number) / 8000;
let spins = 0;
while (Date.now() < until) spins++;
parentPort!.postMessage(spins);
