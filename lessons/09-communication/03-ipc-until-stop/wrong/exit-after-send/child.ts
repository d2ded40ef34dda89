// WRONG: on 'STOP' it ends the process at once with process.exit(). Small answers have usually been
// written by then; a large one is still waiting to go down the pipe, and process.exit() drops it.
import { work } from './work.js';

export type ToChild = string;

function onMessage(message: ToChild): void {
	if (message === 'STOP') {
		process.exit(0); // "done": but the last answers may not have been written yet
	}
	process.send!(work(message));
}

process.on('message', onMessage);
