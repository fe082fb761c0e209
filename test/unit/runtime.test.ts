describe('the test runtime', () => {
  it('runs on the Lambda runtime major version (nodejs24.x)', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
