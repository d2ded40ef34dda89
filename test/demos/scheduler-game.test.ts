// "Be the scheduler": the pure game logic.
import { describe, expect, it } from 'vitest';
import {
	canStep,
	enumerateInterleavings,
	isBlocked,
	lostUpdate,
	newGame,
	play,
	step,
	summarize,
	whyNot,
} from '../../source/demos/scheduler-game.js';

describe('unlocked: read, add, write', () => {
	it('both threads reading before either writes loses an update', () => {
		const state = play('unlocked', [0, 1, 0, 0, 1, 1]);
		expect(state.counter).toBe(1);
		expect(lostUpdate(state)).toBe(true);
		expect(state.history.map((move) => move.text)).toEqual([
			'thread 1 read 0',
			'thread 2 read 0',
			'thread 1 added 1: reg = 1',
			'thread 1 wrote 1',
			'thread 2 added 1: reg = 1',
			'thread 2 wrote 1',
		]);
	});

	it('one thread after the other ends with 2', () => {
		const state = play('unlocked', [0, 0, 0, 1, 1, 1]);
		expect(state.counter).toBe(2);
		expect(lostUpdate(state)).toBe(false);
	});

	it('a step is pure: the old state is unchanged', () => {
		const start = newGame('unlocked');
		const next = step(start, 1);
		expect(start.threads[1]).toEqual({ pc: 0 });
		expect(next.threads[1]).toEqual({ pc: 1, register: 0 });
	});

	it('of the 20 interleavings, 18 lose an update: only one whole thread after the other ends with 2', () => {
		expect(summarize('unlocked')).toEqual({ total: 20, endings: { 1: 18, 2: 2 } });
		const safe = enumerateInterleavings('unlocked').filter((interleaving) => interleaving.counter === 2);
		expect(safe.map((interleaving) => interleaving.schedule.join(''))).toEqual(['000111', '111000']);
	});

	it('a finished thread cannot step', () => {
		const state = play('unlocked', [0, 0, 0]);
		expect(canStep(state, 0)).toBe(false);
		expect(step(state, 0)).toBe(state);
		expect(whyNot(state, 0)).toBe('thread 1 has finished');
	});
});

describe('locked: lock, read, add, write, unlock', () => {
	it('a thread at "lock" while the other holds it is blocked and cannot step', () => {
		const state = play('locked', [0]);
		expect(state.lockOwner).toBe(0);
		expect(isBlocked(state, 1)).toBe(true);
		expect(canStep(state, 1)).toBe(false);
		expect(step(state, 1)).toBe(state);
		expect(whyNot(state, 1)).toBe('thread 2 is blocked: thread 1 holds the lock');
		// Until the holder unlocks.
		const released = play('locked', [0, 0, 0, 0, 0]);
		expect(released.lockOwner).toBeUndefined();
		expect(canStep(released, 1)).toBe(true);
	});

	it('every interleaving ends with 2, and none gets stuck', () => {
		// Whoever locks first runs to unlock while the other is blocked: the lock leaves the two serial orders.
		const all = enumerateInterleavings('locked');
		expect(all.map((interleaving) => interleaving.schedule.join(''))).toEqual(['0000011111', '1111100000']);
		expect(all.every((interleaving) => interleaving.counter === 2)).toBe(true);
		expect(summarize('locked')).toEqual({ total: 2, endings: { 2: 2 } });
		// Each interleaving replays to the same ending.
		for (const { schedule } of all) expect(play('locked', schedule).counter).toBe(2);
	});
});
