// The wait-for graph, rebuilt from the lab Mutex's lock events: who holds what, who waits for what.
import type { TraceEvent } from './spec.js';

type LockEvent = Extract<TraceEvent, { type: 'lock-wait' | 'lock-acquired' | 'lock-released' | 'lock-gave-up' }>;
const lockTypes = new Set(['lock-wait', 'lock-acquired', 'lock-released', 'lock-gave-up']);

export function threadName(pid: number, threadId: number, mainPid?: number): string {
	const base = threadId === 0 ? 'main thread' : `worker ${threadId}`;
	return mainPid === undefined || pid === mainPid ? base : `${base} of process ${pid}`;
}

export interface WaitState {
	holds: Map<string, string[]>;
	waits: Map<string, string>;
}

export function waitState(events: TraceEvent[], mainPid?: number): WaitState {
	const holds = new Map<string, string[]>();
	const waits = new Map<string, string>();
	for (const event of events) {
		if (!lockTypes.has(event.type)) continue;
		const e = event as LockEvent;
		const who = threadName(e.pid, e.threadId, mainPid);
		const held = holds.get(who) ?? [];
		if (e.type === 'lock-wait') waits.set(who, e.lock);
		else if (e.type === 'lock-gave-up') waits.delete(who);
		else if (e.type === 'lock-acquired') {
			waits.delete(who);
			holds.set(who, [...held, e.lock]);
		} else {
			holds.set(
				who,
				held.filter((lock) => lock !== e.lock),
			);
		}
	}
	return { holds, waits };
}

/**
 * A cycle in the wait-for graph, as sentences ("worker 1 holds A and waits for B"), or undefined.
 * Every thread in the cycle waits for a lock that the next one holds.
 */
export function findDeadlock(events: TraceEvent[], mainPid?: number): string[] | undefined {
	const { holds, waits } = waitState(events, mainPid);
	const owner = new Map<string, string>();
	for (const [who, locks] of holds) for (const lock of locks) owner.set(lock, who);
	for (const start of waits.keys()) {
		const path: string[] = [];
		let current: string | undefined = start;
		while (current && !path.includes(current)) {
			path.push(current);
			const lock = waits.get(current);
			current = lock === undefined ? undefined : owner.get(lock);
		}
		if (current && current === start) {
			return path.map((who) => {
				const held = holds.get(who) ?? [];
				return `${who} holds ${held.join(' and ') || 'nothing'} and waits for ${waits.get(who)}`;
			});
		}
	}
	return undefined;
}
