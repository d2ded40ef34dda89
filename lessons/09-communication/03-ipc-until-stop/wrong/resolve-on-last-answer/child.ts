// (This file is correct; the mistake of this variant is in parent.ts.)
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
