// Hooks shared by the demo screens: one engine per screen (stopped when the screen goes away or the
// learner restarts), its snapshots as React state, and the demo keys.
import { useInput } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DemoEngine } from '../../demos/engine.js';

export interface EngineHandle<E, S> {
	engine: E;
	snapshot: S;
	/** Stops the current engine (ending its workers) and starts over with a new one. */
	restart(): void;
}

/**
 * Holds one engine made by `create`. Constructing an engine starts nothing (workers start in its
 * run()), so it is made during render; every worker it starts is ended on unmount or restart.
 */
export type SnapshotOf<E> = E extends DemoEngine<infer S> ? S : never;

// biome-ignore lint/suspicious/noExplicitAny: any engine, whatever its snapshot type (SnapshotOf reads it back)
export function useEngine<E extends DemoEngine<any>>(create: () => E): EngineHandle<E, SnapshotOf<E>> {
	type S = SnapshotOf<E>;
	const latestCreate = useRef(create);
	latestCreate.current = create;
	const [engine, setEngine] = useState(create);
	const [snapshot, setSnapshot] = useState<S>(() => engine.snapshot as S);
	useEffect(() => {
		setSnapshot(engine.snapshot as S);
		const unsubscribe = engine.subscribe((next: S) => setSnapshot(next));
		return () => {
			unsubscribe();
			void engine.stop();
		};
	}, [engine]);
	const restart = useCallback(() => setEngine(latestCreate.current()), []);
	return { engine, snapshot, restart };
}

export interface DemoKeys {
	isActive: boolean;
	/** Whether q and Esc call onExit (false when the App's own global keys already go back). */
	exitKeys: boolean;
	onExit(): void;
	/** Enter or space: start, or the next phase. */
	onNext?(): void;
	/** r: start over. */
	onRestart?(): void;
	/** Any other key. */
	onOther?(input: string): void;
}

export function useDemoKeys({ isActive, exitKeys, onExit, onNext, onRestart, onOther }: DemoKeys): void {
	useInput(
		(input, key) => {
			// Ink reports Escape with meta set, so it is checked before anything else.
			if (key.escape || input === 'q') {
				if (exitKeys) onExit();
				return;
			}
			if (key.ctrl || key.meta) return;
			if (key.return || input === ' ') onNext?.();
			else if (input === 'r') onRestart?.();
			else onOther?.(input);
		},
		{ isActive },
	);
}

/** Props every demo screen takes. */
export interface DemoScreenProps {
	/** Called on q or Esc (when exitKeys is true). */
	onExit(): void;
	/** Terminal size; defaults to the real terminal's (80×24 when it has none). */
	columns?: number;
	rows?: number;
	/** False while something else owns the keys (the help overlay). Default true. */
	isActive?: boolean;
	/** Whether q and Esc call onExit. Default true; pass false when the App's global keys handle them. */
	exitKeys?: boolean;
}
