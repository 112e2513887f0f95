/** The 操作 cell of a record list: the actions open to the row, as small link buttons side by side. */
import { Button, Flex } from 'antd';

export interface RowAction {
  label: string;
  onClick(): void;
  testId: string;
}

/** An action given as `false` is not open to this row; with none open the cell stays empty. */
export function RowActions({ actions }: { actions: readonly (RowAction | false)[] }) {
  const open = actions.filter((action): action is RowAction => action !== false);
  if (open.length === 0) return null;
  return (
    <Flex gap={4}>
      {open.map((action) => (
        <Button key={action.testId} type="link" size="small" onClick={action.onClick} data-testid={action.testId}>
          {action.label}
        </Button>
      ))}
    </Flex>
  );
}
