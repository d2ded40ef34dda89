// The producer: starts the consumers, gives each its own channel, sends every item to one of them,
// tells each that no more items are coming, and collects what each consumed.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	throw new Error('not written yet');
}
