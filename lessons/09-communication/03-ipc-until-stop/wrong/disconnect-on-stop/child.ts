// WRONG: on 'STOP' it closes the IPC channel at once with process.disconnect(), while large answers
// are still queued for the pipe. Node 20 then fails inside its own channel code and the child exits
// with code 1 instead of ending cleanly (and a closed channel can drop what was still queued).
import { work } from './work.js';

export type ToChild = string;

function onMessage(message: ToChild): void {
	if (message === 'STOP') {
		process.disconnect(); // closes the channel now, queued answers and all
		return;
	}
	process.send!(work(message));
}

process.on('message', onMessage);
