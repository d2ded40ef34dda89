// A live demo opened from its lesson. The demo screens draw their own frame and own their keys (Enter,
// space, r, digits); q and Esc stay the App's (back to the lesson), which stops the demo's workers as
// its screen unmounts.
import { Box, Text } from 'ink';
import { bodyHeight, Frame } from '../components/frame.js';
import { findDemo, useDemos } from '../demo-list.js';
import type { UiAction } from '../state.js';

export interface DemoRouteProps {
	demoId: string;
	help: boolean;
	dispatch(action: UiAction): void;
	columns: number;
	rows: number;
}

export function DemoScreen({ demoId, help, dispatch, columns, rows }: DemoRouteProps) {
	const registry = useDemos();
	const demo = registry && findDemo(registry, demoId);
	if (!demo) {
		return (
			<Frame title={demoId} context="Live demo" keys="q back · ? help" columns={columns} rows={rows}>
				<Box height={bodyHeight(rows)} flexDirection="column">
					<Text wrap="wrap">{registry ? 'This demo is coming in a later version of conc-tutor.' : 'Starting the demo…'}</Text>
				</Box>
			</Frame>
		);
	}
	const Screen = demo.component;
	return <Screen onExit={() => dispatch({ type: 'back' })} columns={columns} rows={rows} isActive={!help} exitKeys={false} />;
}
