/**
 * The parts of a synthesized CloudFormation template the emulator reads, and the error for a
 * value it cannot know locally.
 */

/** A CloudFormation resource as it appears in a template. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}

/** The parts of a template the emulator reads. */
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

/** One stack of the assembly. */
export interface StackTemplate {
  /** Artifact id in `manifest.json`. */
  id: string;
  /** CloudFormation stack name. */
  stackName: string;
  templateFile: string;
  template: CfnTemplate;
  /** Asset directories (absolute), by asset hash and by S3 object key. */
  assets: Record<string, string>;
}

/** Thrown when a value depends on something that does not exist locally. */
export class UnresolvableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvableError';
  }
}
