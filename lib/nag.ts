/**
 * cdk-nag AwsSolutions findings this app accepts, each with the rule and the reason in one
 * sentence. Everything else is an error that fails the synth and the infrastructure tests.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One accepted finding: the rule id as cdk-nag prints it, and why. */
export interface NagAcknowledgement {
  id: string;
  reason: string;
}

/** Findings that follow from the design of every API stack, not from an oversight. */
export const API_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  {
    id: 'AwsSolutions::AwsSolutions-COG4',
    reason:
      'Callers authenticate with Supabase Auth, verified by our Lambda token authorizer; there is no Cognito user pool.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG3',
    reason:
      'WAF is an account-level choice left to the deployer; the APIs have stage throttling and the authorizer rejects junk before any function runs.',
  },
];

/** Acknowledges `findings` on `scope` (a stack or one construct). */
export function acknowledge(scope: IConstruct, findings: readonly NagAcknowledgement[]): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}
