// The live demos a lesson opens (its frontmatter's `demos:`), from the demos' own registry
// (source/ui/demos/index.ts). That registry brings every demo engine with it, so it is loaded in the
// background after the first frame (like the Markdown renderer) rather than with the tutor. A demo a
// lesson names that the registry does not have is listed as coming, never faked.
import { useEffect, useState } from 'react';

type Registry = typeof import('./demos/index.js');
export type DemoEntry = Registry['demos'][keyof Registry['demos']];

let registry: Registry | undefined;
let loading: Promise<Registry> | undefined;

/** Starts loading the demo screens in the background. */
export function preloadDemos(): Promise<Registry> {
	loading ??= import('./demos/index.js').then((module) => (registry = module));
	return loading;
}

/** The registry if it has loaded, without starting to load it. */
export function loadedDemos(): Registry | undefined {
	return registry;
}

/** The demos' registry, or undefined while it loads (the screen re-renders when it has). */
export function useDemos(): Registry | undefined {
	const [loaded, setLoaded] = useState(registry);
	useEffect(() => {
		if (loaded) return;
		let live = true;
		void preloadDemos().then((module) => live && setLoaded(module));
		return () => {
			live = false;
		};
	}, [loaded]);
	return loaded;
}

/** The demo with this id; undefined for one the registry does not have (yet). */
export function findDemo(loaded: Registry, id: string): DemoEntry | undefined {
	return Object.hasOwn(loaded.demos, id) ? loaded.demos[id as keyof Registry['demos']] : undefined;
}
