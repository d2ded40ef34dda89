// Reference child: the same loop as Python's `for item in iter(queue.get, 'STOP')`. On 'STOP' it
// removes its 'message' listener: the IPC channel then no longer keeps the process alive, so once
// its last answers are written it exits by itself with code 0. (process.exit() or process.disconnect()
// right away could drop answers still queued for sending.)
import { work } from './work.js';

export type ToChild = string;

function onMessage(message: ToChild): void {
	if (message === 'STOP') {
		process.off('message', onMessage);
		return;
	}
	process.send!(work(message));
}

process.on('message', onMessage);
