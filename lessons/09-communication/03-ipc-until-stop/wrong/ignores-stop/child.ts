// WRONG: answers items but pays no attention to 'STOP' (it even answers it as an item, and the parent
// ignores that extra answer). Its 'message' listener stays, the IPC channel stays open, and the child
// process never ends.
import { work } from './work.js';

export type ToChild = string;

process.on('message', (message: ToChild) => {
	process.send!(work(message));
});
