// Keys for the screens, passed on by the App's one subscription to Ink. Ink's useInput subscribes in
// an effect, which React runs a moment after a new screen is drawn: a key read in between (two presses
// read together, a busy machine, Enter just after opening a lesson) reached no screen and was lost.
// Screens subscribe here in a layout effect instead, in the same task as the draw, so a new screen has
// its keys before the next one is read.
import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useLayoutEffect, useRef, useState } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

export interface KeyBus {
	subscribe(handler: KeyHandler): () => void;
	emit(input: string, key: Key): void;
}

export function createKeyBus(): KeyBus {
	const handlers = new Set<KeyHandler>();
	return {
		subscribe(handler) {
			handlers.add(handler);
			return () => void handlers.delete(handler);
		},
		emit(input, key) {
			for (const handler of [...handlers]) handler(input, key);
		},
	};
}

export const KeyBusContext = createContext<KeyBus | undefined>(undefined);

/** Like Ink's useInput, through the App's key bus when there is one (a screen drawn alone uses Ink's). */
export function useScreenInput(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
	const bus = useContext(KeyBusContext);
	const active = options.isActive !== false;
	const latest = useRef(handler);
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useLayoutEffect(() => {
		if (!bus || !active) return;
		return bus.subscribe((input, key) => latest.current(input, key));
	}, [bus, active]);
	useInput(handler, { isActive: active && !bus });
}

/**
 * The App's dispatch and key bus. React draws a dispatched change a moment later (in a later task):
 * a key read before that went to the screen that was leaving, with its old state, and was lost (Enter
 * just after opening a lesson). So each action is also reduced here at once (`latest`, the state
 * React will draw), and while it differs from the state drawn, keys wait, to be passed on, in order,
 * once it is drawn.
 */
export function useKeyRouting<S, A>(
	state: S,
	reactDispatch: (action: A) => void,
	reducer: (state: S, action: A) => S,
	keyAction: (input: string, key: Key) => A,
	enabled: boolean,
): { dispatch: (action: A) => void; keyBus: KeyBus } {
	const [keyBus] = useState(createKeyBus);
	const latest = useRef(state);
	const drawn = useRef(state);
	const held = useRef<Array<[string, Key]>>([]);
	const dispatch = useCallback(
		(action: A) => {
			latest.current = reducer(latest.current, action);
			reactDispatch(action);
		},
		[reducer, reactDispatch],
	);
	const deliver = useCallback(
		(input: string, key: Key) => {
			keyBus.emit(input, key);
			dispatch(keyAction(input, key));
		},
		[keyBus, dispatch, keyAction],
	);
	useInput((input, key) => {
		if (!enabled) return;
		if (held.current.length > 0 || latest.current !== drawn.current) held.current.push([input, key]);
		else deliver(input, key);
	});
	// After each draw: pass on the keys that waited, one at a time while each changes nothing, so
	// every key meets the screen as the previous one left it.
	useLayoutEffect(() => {
		// React has reduced every action so far into `state` (its own copy of what `latest` holds).
		latest.current = state;
		drawn.current = state;
		while (held.current.length > 0 && latest.current === state) {
			const [input, key] = held.current.shift()!;
			deliver(input, key);
		}
	});
	return { dispatch, keyBus };
}
