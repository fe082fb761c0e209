#!/usr/bin/env node
/**
 * The CDK app: auth, data, API and monitoring stacks for one stage, plus an example service that reuses
 * the authorizer. `cdk synth -c supabaseUrl=https://<ref>.supabase.co` works without AWS
 * credentials (the stacks are environment-agnostic).
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';

const app = new App();
buildApp(app);
app.synth();
