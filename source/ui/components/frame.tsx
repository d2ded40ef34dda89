// The frame every screen shares: a title row, the body, and a footer row of keys and status. The
// whole frame is one row shorter than the terminal: Ink redraws a frame that fills the terminal by
// clearing the screen, which flickers, while a shorter one is updated in place.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

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

export function Frame({ title, context, keys, status, columns, rows, children }: FrameProps) {
	const width = Math.max(20, columns);
	return (
		<Box flexDirection="column" width={width} height={Math.max(FRAME_CHROME_ROWS + 3, rows - 1)} paddingX={1}>
			<Box justifyContent="space-between">
				<Text bold wrap="truncate-end">
					{title}
				</Text>
				{context ? <Text dimColor> {context}</Text> : null}
			</Box>
			<Text dimColor>{'─'.repeat(Math.max(0, width - 2))}</Text>
			<Box flexDirection="column" flexGrow={1} overflow="hidden">
				{children}
			</Box>
			<Box justifyContent="space-between">
				<Text dimColor wrap="truncate-end">
					{keys}
				</Text>
				{status ? <Text dimColor> {status}</Text> : null}
			</Box>
		</Box>
	);
}
