// The help overlay (`?`): the keys of the current screen and the global ones, from the same tables
// the key handlers follow.
import { Box, Text } from 'ink';
import { globalHelp, type KeyHelp, type ScreenHelp } from '../keys.js';

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

/** `help` is what is on screen (helpFor); `keys` replaces its table (a demo's keys come from the demo). */
export function HelpOverlay({ help, keys }: { help: ScreenHelp; keys?: KeyHelp[] }) {
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
