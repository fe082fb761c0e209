/**
 * Shared helpers for the auth emulator's integration tests: a real emulator on a loopback port,
 * supabase-js clients pointed at it, and a plain-fetch helper that shows the wire as it is.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { AuthEmulator } from '../../../local/auth/server';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

export function supabaseFor(emulator: AuthEmulator): SupabaseClient {
  return createClient(emulator.url, emulator.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
}

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface WireOptions {
  method?: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Send `X-Supabase-Api-Version: 2024-01-01` as supabase-js does (default true). */
  apiVersion?: boolean;
  /** Send the emulator's anon key as `apikey` (default true). */
  apiKey?: boolean;
  bearer?: string;
  headers?: Record<string, string>;
}

/** One request to the emulator with the headers supabase-js sends, unless told otherwise. */
export async function wire(emulator: AuthEmulator, path: string, options: WireOptions = {}): Promise<WireResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiVersion !== false) headers['X-Supabase-Api-Version'] = '2024-01-01';
  if (options.apiKey !== false) headers.apikey = emulator.anonKey;
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json;charset=UTF-8';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${emulator.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Signs a new user up over the wire and returns the AccessTokenResponse. */
export async function signUp(emulator: AuthEmulator, email = uniqueEmail()): Promise<any> {
  const response = await wire(emulator, '/auth/v1/signup', { body: { email, password: PASSWORD, data: {} } });
  if (response.status !== 200) throw new Error(`signup failed: ${response.status} ${response.text}`);
  return response.json;
}
