/**
 * The example service's backend (`lib/stacks/example-service-stack.ts`). Deliberately tiny, and
 * not in the route table: it belongs to the customer's API, not Intello's.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { loadHttpConfig } from '../shared/http/config';
import type { HttpResponse } from '../shared/http/types';
import { listOrders } from './list-orders';

const { clockSkewSeconds } = loadHttpConfig();

export async function handler(event: APIGatewayProxyEvent): Promise<HttpResponse> {
  return listOrders(event, { clockSkewSeconds });
}
