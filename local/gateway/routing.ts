/**
 * Matches a request path against a RestApi's resource tree the way API Gateway does: a literal
 * path part beats `{param}`, which beats a greedy `{proxy+}`; a `{param}` takes exactly one
 * non-empty segment, `{name+}` one or more trailing segments. Values stay percent-encoded, as a
 * REST API's `path` and `pathParameters` do. A resource without the request's method (nor
 * `ANY`) is not found: API Gateway does not fall back to a less specific resource.
 */

/** The routing view of a resource: its full path template (`/api/specs/{id}`). */
export interface RoutableResource {
  path: string;
  methods: Record<string, unknown>;
}

/** A matched resource with its path parameters (null when it has none, as in the event). */
export interface RouteMatch<R extends RoutableResource> {
  resource: R;
  pathParameters: Record<string, string> | null;
}

interface Node<R> {
  literal: Map<string, Node<R>>;
  param?: { name: string; node: Node<R> };
  greedy?: { name: string; resource: R };
  resource?: R;
}

/** A router over the resources of one RestApi. */
export interface Router<R extends RoutableResource> {
  /** The resource for a path (`/api/specs/42`), or undefined. */
  match(path: string): RouteMatch<R> | undefined;
}

/**
 * Builds a router from resource path templates.
 *
 * @example
 * const router = createRouter([{ path: '/items/{id}', methods: { GET: m } }]);
 * router.match('/items/42'); // { resource, pathParameters: { id: '42' } }
 */
export function createRouter<R extends RoutableResource>(resources: R[]): Router<R> {
  const root: Node<R> = { literal: new Map() };
  for (const resource of resources) insert(root, splitPath(resource.path), resource);
  return {
    match(path) {
      const segments = splitPath(path);
      const params: Record<string, string> = {};
      const resource = descend(root, segments, 0, params);
      if (resource === undefined) return undefined;
      return { resource, pathParameters: Object.keys(params).length > 0 ? params : null };
    },
  };
}

/**
 * The method of a resource for an HTTP verb: the exact verb, else `ANY`.
 *
 * @example
 * selectMethod({ ANY: proxy }, 'DELETE'); // proxy
 */
export function selectMethod<M>(methods: Record<string, M>, httpMethod: string): M | undefined {
  return methods[httpMethod.toUpperCase()] ?? methods['ANY'];
}

/** Path segments without the empty ones a leading or trailing slash produces. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function insert<R>(root: Node<R>, parts: string[], resource: R): void {
  let node = root;
  for (const [index, part] of parts.entries()) {
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy && index === parts.length - 1) {
      node.greedy = { name: greedy[1]!, resource };
      return;
    }
    const param = /^\{(.+)\}$/.exec(part);
    if (param) {
      node.param ??= { name: param[1]!, node: { literal: new Map() } };
      node = node.param.node;
      continue;
    }
    let next = node.literal.get(part);
    if (next === undefined) {
      next = { literal: new Map() };
      node.literal.set(part, next);
    }
    node = next;
  }
  node.resource = resource;
}

function descend<R>(node: Node<R>, segments: string[], index: number, params: Record<string, string>): R | undefined {
  if (index === segments.length) return node.resource;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  if (literal !== undefined) {
    const found = descend(literal, segments, index + 1, params);
    if (found !== undefined) return found;
  }
  if (node.param !== undefined && segment !== '') {
    params[node.param.name] = segment;
    const found = descend(node.param.node, segments, index + 1, params);
    if (found !== undefined) return found;
    delete params[node.param.name];
  }
  if (node.greedy !== undefined) {
    params[node.greedy.name] = segments.slice(index).join('/');
    return node.greedy.resource;
  }
  return undefined;
}
