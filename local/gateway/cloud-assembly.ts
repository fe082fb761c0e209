/**
 * Reads a synthesized cloud assembly (`cdk.out/`): the manifest, every stack template, the asset
 * manifests, and from them the Lambda functions with the directory of their bundled code.
 * Nested assemblies (CDK `Stage`s) are read too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CfnTemplate, type StackTemplate, UnresolvableError } from './cfn-template';
import { ResolutionContext, type ResolutionOptions } from './intrinsics';

export type { CfnResource, CfnTemplate, StackTemplate } from './cfn-template';

/** A Lambda function of the assembly, with what is needed to run it locally. */
export interface AssemblyFunction {
  stackName: string;
  logicalId: string;
  /** The stand-in physical name (`FunctionName`, or `<stack>-<logicalId>`). */
  functionName: string;
  arn: string;
  /** Absolute directory of the bundled code, undefined for inline or image code. */
  assetDir: string | undefined;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** The template's variables; a value that cannot be resolved locally is left out (see `warnings`). */
  environment: Record<string, string>;
}

/** A loaded assembly. */
export interface CloudAssembly {
  directory: string;
  region: string;
  accountId: string;
  /** Stacks in manifest order (CDK writes dependencies first). */
  stacks: StackTemplate[];
  /** Resolves intrinsics across stacks; exposes SSM parameters and exports. */
  context: ResolutionContext;
  functions: AssemblyFunction[];
  /** Every `AWS::SSM::Parameter` defined in the assembly, by name, resolved where possible. */
  ssmParameters: Record<string, string>;
  warnings: string[];
}

export interface LoadOptions extends Partial<ResolutionOptions> {}

interface ManifestArtifact {
  type: string;
  properties?: { templateFile?: string; stackName?: string; file?: string; directoryName?: string };
  displayName?: string;
}

/**
 * Loads `cdk.out` (or any synth output directory).
 *
 * @example
 * const assembly = loadCloudAssembly('cdk.out');
 * assembly.functions.map((fn) => fn.functionName); // ['AuthStack-AuthorizerFn97B9AA7C', ...]
 */
export function loadCloudAssembly(cdkOutDir: string, options: LoadOptions = {}): CloudAssembly {
  const directory = resolve(cdkOutDir);
  const stacks = readStacks(directory);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const context = new ResolutionContext(stacks, { ...options, region, accountId });
  const warnings: string[] = [];
  const functions = stacks.flatMap((stack) => readFunctions(context, stack, warnings));
  const ssmParameters: Record<string, string> = {};
  for (const stack of stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::SSM::Parameter') continue;
      try {
        const name = context.resolveString(stack, resource.Properties?.['Name']);
        ssmParameters[name] = context.ssmParameter(name);
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
      }
    }
  }
  return { directory, region, accountId, stacks, context, functions, ssmParameters, warnings };
}

function readStacks(directory: string): StackTemplate[] {
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${directory} is not a cloud assembly: manifest.json is missing`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  const artifacts = Object.entries(manifest.artifacts ?? {});
  const assets: Record<string, string> = {};
  for (const [, artifact] of artifacts) {
    if (artifact.type === 'cdk:asset-manifest' && artifact.properties?.file)
      Object.assign(assets, readAssetManifest(directory, artifact.properties.file));
  }
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of artifacts) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readStacks(join(directory, artifact.properties.directoryName)));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const templateFile = join(directory, artifact.properties.templateFile);
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as CfnTemplate;
    const stackName = artifact.properties.stackName ?? id;
    stacks.push({
      id,
      stackName,
      templateFile,
      template,
      assets: { ...assets, ...metadataAssets(directory, template) },
    });
  }
  return stacks;
}

function readAssetManifest(directory: string, file: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
    files?: Record<
      string,
      { source: { path?: string; packaging?: string }; destinations?: Record<string, { objectKey?: string }> }
    >;
  };
  const assets: Record<string, string> = {};
  for (const [hash, entry] of Object.entries(manifest.files ?? {})) {
    if (entry.source.path === undefined || entry.source.packaging !== 'zip') continue;
    const path = join(directory, entry.source.path);
    assets[hash] = path;
    for (const destination of Object.values(entry.destinations ?? {}))
      if (destination.objectKey) assets[destination.objectKey] = path;
  }
  return assets;
}

function metadataAssets(directory: string, template: CfnTemplate): Record<string, string> {
  const assets: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const path = resource.Metadata?.['aws:asset:path'];
    if (typeof path === 'string') assets[`logical:${logicalId}`] = resolve(directory, path);
  }
  return assets;
}

function readFunctions(context: ResolutionContext, stack: StackTemplate, warnings: string[]): AssemblyFunction[] {
  const functions: AssemblyFunction[] = [];
  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const props = resource.Properties ?? {};
    const code = (props['Code'] ?? {}) as { S3Key?: unknown };
    const s3Key = typeof code.S3Key === 'string' ? code.S3Key : undefined;
    const assetDir = stack.assets[`logical:${logicalId}`] ?? (s3Key === undefined ? undefined : stack.assets[s3Key]);
    const environment: Record<string, string> = {};
    const variables = ((props['Environment'] ?? {}) as { Variables?: Record<string, unknown> }).Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      try {
        environment[name] = context.resolveString(stack, value);
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        warnings.push(
          `${stack.stackName}/${logicalId}: environment variable ${name} cannot be resolved locally (${error.message})`,
        );
      }
    }
    functions.push({
      stackName: stack.stackName,
      logicalId,
      functionName: context.physicalId(stack, logicalId),
      arn: context.attribute(stack, logicalId, 'Arn'),
      assetDir,
      handler: String(props['Handler'] ?? 'index.handler'),
      runtime: String(props['Runtime'] ?? ''),
      timeoutSeconds: Number(props['Timeout'] ?? 3),
      memoryMb: Number(props['MemorySize'] ?? 128),
      environment,
    });
  }
  return functions;
}
