// A controlled pager: shows `height` rows of `lines` from `offset`, and maps the pager keys to a new
// offset. The offset lives in the screen state (so "back" restores it); the pager only clamps it.
import { Box, Text } from 'ink';
import { useEffect, useRef } from 'react';
import { applyMove, clampOffset, pagerMove } from '../pager.js';
import { useScreenInput } from '../screen-keys.js';

export interface PagerProps {
	lines: readonly string[];
	offset: number;
	height: number;
	/** Whether the pager owns its keys right now (false under the help overlay, or when a list has focus). */
	isActive: boolean;
	onScroll(offset: number): void;
}

export function Pager({ lines, offset, height, isActive, onScroll }: PagerProps) {
	const clamped = clampOffset(offset, lines.length, height);
	// Keys can arrive faster than React re-renders; the ref makes each move start from the latest one.
	const latest = useRef(clamped);
	latest.current = clamped;
	useEffect(() => {
		// The terminal grew or the text got shorter: keep the offset within range.
		if (clamped !== offset) onScroll(clamped);
	}, [clamped, offset, onScroll]);
	useScreenInput(
		(input, key) => {
			const move = pagerMove(input, key);
			if (!move) return;
			const next = applyMove(latest.current, move, lines.length, height);
			if (next === latest.current) return;
			latest.current = next;
			onScroll(next);
		},
		{ isActive },
	);
	const visible = lines.slice(clamped, clamped + height);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{visible.map((line, index) => (
				// A row must take its place even when blank, so empty lines become a space.
				<Text key={index} wrap="truncate-end">
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}
