// The help overlay (`?`): the keys of the current screen and the global ones, from the same tables
// the key handlers follow.
import { Box, Text } from 'ink';
import { globalHelp, screenHelp, type KeyHelp } from '../keys.js';
import type { Screen } from '../state.js';

function KeyTable({ rows }: { rows: KeyHelp[] }) {
	const width = Math.max(...rows.map((row) => row.keys.length)) + 3;
	return (
		<Box flexDirection="column">
			{rows.map((row) => (
				<Text key={row.keys + row.does} wrap="truncate-end">
					{'  '}
					<Text bold>{row.keys.padEnd(width)}</Text>
					{row.does}
				</Text>
			))}
		</Box>
	);
}

/** `keys` replaces the screen's own table (a demo's keys come from the demo). */
export function HelpOverlay({ screen, keys }: { screen: Screen; keys?: KeyHelp[] }) {
	const help = screenHelp[screen];
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>Keys on this screen ({help.title})</Text>
			<KeyTable rows={keys ?? help.keys} />
			<Text> </Text>
			<Text bold>Everywhere</Text>
			<KeyTable rows={globalHelp} />
			<Text> </Text>
			<Text dimColor>Press ?, q or Esc to close this help.</Text>
		</Box>
	);
}
