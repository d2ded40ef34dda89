// The parent: starts one child process (child.ts), sends it every item and then 'STOP', and collects
// its answers.
import { fork } from 'node:child_process';

export async function processInChild(items: string[]): Promise<string[]> {
	throw new Error('not written yet');
}
