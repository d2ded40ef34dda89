// The worker's gate: ordinary cells together, a timing-sensitive cell with nothing else running.
import { describe, expect, it } from 'vitest';
import { Gate } from '../../source/classroom/queue.js';

describe('Gate', () => {
	it('never runs an alone cell beside another, and lets ordinary cells run together', async () => {
		const gate = new Gate();
		const running = new Set<string>();
		const overlaps: string[] = [];
		let together = 0;
		const cell = async (name: string, alone: boolean, ms: number) => {
			await gate.enter(alone);
			running.add(name);
			together = Math.max(together, running.size);
			if ([...running].some((other) => other !== name && (alone || other.startsWith('alone')))) overlaps.push(name);
			await new Promise((r) => setTimeout(r, ms));
			running.delete(name);
			gate.leave(alone);
		};
		await Promise.all([cell('a', false, 30), cell('b', false, 30), cell('alone-1', true, 20), cell('c', false, 10), cell('alone-2', true, 10), cell('d', false, 10)]);
		expect(overlaps).toEqual([]);
		expect(together).toBeGreaterThanOrEqual(2);
	});

	it('lets a waiting alone cell in before ordinary cells that came after it', async () => {
		const gate = new Gate();
		const order: string[] = [];
		await gate.enter(false);
		const alone = gate.enter(true).then(() => order.push('alone'));
		const later = gate.enter(false).then(() => order.push('later'));
		gate.leave(false);
		await alone;
		gate.leave(true);
		await later;
		expect(order).toEqual(['alone', 'later']);
	});
});
