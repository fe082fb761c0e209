/**
 * The route table in docs/ARCHITECTURE.md is read from `lambdas/routes.ts`: this test fails when
 * they disagree on a route, its function, operation, auth, minimum role or key scope.
 */
import { readFileSync } from 'node:fs';
import { ROUTES } from '../../lambdas/routes';

function documentedRoutes(): string[][] {
  const doc = readFileSync(new URL('../../docs/ARCHITECTURE.md', import.meta.url), 'utf8');
  const section = doc.split('## The route table')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, 7)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
}

describe('the route table in docs/ARCHITECTURE.md', () => {
  it('lists every route of lambdas/routes.ts with its function, operation, auth, minimum role and key scope', () => {
    expect(documentedRoutes()).toEqual(
      ROUTES.map((r) => [`${r.method} ${r.path}`, r.function, r.operation, r.auth, r.minRole ?? '–', r.scope ?? '–']),
    );
  });
});
