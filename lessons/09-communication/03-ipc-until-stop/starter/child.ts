// The child process: takes items from the parent over the IPC channel, answers each with work(item),
// until the parent sends 'STOP'; then ends by itself.
import { work } from './work.js';

/** What the parent sends: an item, or the sentinel 'STOP'. */
export type ToChild = string;

function onMessage(message: ToChild): void {
	// TODO: on 'STOP', stop listening, so that this process can end by itself.
	process.send!(work(message));
}

process.on('message', onMessage);
