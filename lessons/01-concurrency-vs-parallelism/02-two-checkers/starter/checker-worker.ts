// One ticket checker as a worker thread. You do not need to change this file (the grader runs its own copy).
//
// Start it with the queue in workerData:
//   new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: tickets })
// It checks the tickets in queue order, posts ONE message with the array of stamps, and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { checkTicket, type Ticket } from './ticket.js';

const queue = workerData as Ticket[];
parentPort!.postMessage(queue.map(checkTicket));
