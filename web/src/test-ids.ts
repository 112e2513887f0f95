/** antd's prop objects (okButtonProps, …) are not typed for data-* attributes; this adds the test id. */
export function withTestId<T extends object>(props: T, testId: string): T {
  return { ...props, 'data-testid': testId };
}
