// The frame every screen shares: a title row, the body, and a footer row of keys and status. The
// whole frame is one row shorter than the terminal: Ink redraws a frame that fills the terminal by
// clearing the screen, which flickers, while a shorter one is updated in place.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { fitFooter } from '../footer.js';

export const FRAME_CHROME_ROWS = 3; // title, rule under it, footer

/** Rows left for a screen's body in a terminal of `rows` rows. */
export function bodyHeight(rows: number): number {
	return Math.max(3, rows - 1 - FRAME_CHROME_ROWS);
}

export interface FrameProps {
	title: string;
	/** Right side of the title row, e.g. "Lesson 2 of 12". */
	context?: string;
	/** Keys for this screen, e.g. "↑↓ scroll · Tab exercises · q back · ? help". */
	keys: string;
	/** Right side of the footer, e.g. the pager position. */
	status?: string;
	columns: number;
	rows: number;
	children: ReactNode;
}

/**
 * Lays out `left` and `right` on one row of `width` columns: right-aligned `right`, and `left`
 * shortened with "…" when both do not fit. A row that wrapped would push the frame off the screen.
 */
export function fitRow(left: string, right: string, width: number): { left: string; gap: string; right: string } {
	const shownRight = right.length > width ? '' : right;
	const room = width - shownRight.length - (shownRight ? 1 : 0);
	const shownLeft = left.length <= room ? left : `${left.slice(0, Math.max(0, room - 1))}…`;
	return { left: shownLeft, gap: ' '.repeat(Math.max(shownRight ? 1 : 0, width - shownLeft.length - shownRight.length)), right: shownRight };
}

export function Frame({ title, context, keys, status, columns, rows, children }: FrameProps) {
	const width = Math.max(20, columns);
	const inner = width - 2;
	const top = fitRow(title, context ?? '', inner);
	// The footer gives way by whole entries (fitFooter), never cut mid-word.
	const bottom = fitFooter(keys, status ?? '', inner);
	return (
		<Box flexDirection="column" width={width} height={Math.max(FRAME_CHROME_ROWS + 3, rows - 1)} paddingX={1}>
			<Text wrap="truncate-end">
				<Text bold>{top.left}</Text>
				{top.gap}
				<Text dimColor>{top.right}</Text>
			</Text>
			<Text dimColor>{'─'.repeat(Math.max(0, width - 2))}</Text>
			<Box flexDirection="column" flexGrow={1} overflow="hidden">
				{children}
			</Box>
			{bottom.map((row, index) => (
				<Text key={index} dimColor wrap="truncate-end">
					{row.keys}
					{' '.repeat(Math.max(row.status ? 1 : 0, inner - row.keys.length - row.status.length))}
					{row.status}
				</Text>
			))}
		</Box>
	);
}
