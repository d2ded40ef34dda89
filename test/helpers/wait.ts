// Waiting for a condition instead of a fixed time: a busy machine is slow, a quiet one is not kept waiting.
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `condition` every 20 ms; throws, naming `what`, once `ms` have passed without it. A function for
 * `what` is called then, so the message can say what the machine looked like at the end.
 */
export async function waitUntil(condition: () => boolean, what: string | (() => string), ms = 15_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
		await delay(20);
	}
}
