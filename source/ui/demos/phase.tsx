// Running a demo's phases in order, and showing a phase's status as a glyph and a word.
import { Text } from 'ink';
import type { DemoEngine } from '../../demos/engine.js';
import { useTerminalSize } from '../hooks.js';
import { glyph } from './format.js';
import { useDemoKeys, useEngine, type DemoScreenProps } from './hooks.js';

/** The first mode that has not run yet, in the demo's order. */
export function nextPhase<M extends string>(order: readonly M[], modes: Record<M, { status: string }>): M | undefined {
	return order.find((mode) => modes[mode].status === 'waiting');
}

/**
 * Starts a phase unless one is running. The run's promise never rejects to the screen: a failure is
 * in the engine's snapshot, and a stop (unmount, restart) simply ends it.
 */
export function startPhase(engine: { readonly isRunning: boolean }, run: () => Promise<unknown>): void {
	if (engine.isRunning) return;
	run().catch(() => {});
}

export interface PhaseStatusProps {
	status: string;
	running: string;
	done: string;
	/** Text for any other final status (deadlocked, timed out…). */
	other?: string;
}

export function PhaseStatus({ status, running, done, other }: PhaseStatusProps) {
	if (status === 'waiting') return <Text dimColor>{`${glyph.waiting} waiting`}</Text>;
	if (status === 'running') return <Text>{`${glyph.running} ${running}`}</Text>;
	if (status === 'done' || status === 'completed') return <Text bold>{`${glyph.done} ${done}`}</Text>;
	return <Text bold>{`${glyph.bad} ${other ?? status}`}</Text>;
}

/**
 * What every phased demo screen does: one engine, the terminal size, and the keys — Enter/space starts
 * the next phase (`order`), r starts over, q/Esc leave.
 */
// biome-ignore lint/suspicious/noExplicitAny: any engine, whatever its snapshot type
export function usePhasedDemo<M extends string, E extends DemoEngine<any> & { run(mode: M): Promise<unknown> }>(
	create: () => E,
	order: readonly M[],
	{ onExit, columns, rows, isActive = true, exitKeys = true }: DemoScreenProps,
) {
	const size = useTerminalSize();
	const { engine, snapshot, restart } = useEngine(create);
	const next = nextPhase(order, (snapshot as { modes: Record<M, { status: string }> }).modes);
	useDemoKeys({
		isActive,
		exitKeys,
		onExit,
		onRestart: restart,
		onNext: () => {
			if (next) startPhase(engine, () => engine.run(next));
		},
	});
	return { engine, snapshot, next, width: columns ?? size.columns, height: rows ?? size.rows };
}
