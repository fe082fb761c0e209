/**
 * Resolves the CloudFormation intrinsic functions that connect a synthesized app: `Ref`,
 * `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::ImportValue`, `Fn::If`
 * and friends, the pseudo parameters, SSM-typed parameters (looked up in the
 * `AWS::SSM::Parameter` resources of every stack, which is how the cross-stack authorizer
 * arrives) and `{{resolve:ssm|secretsmanager:…}}` dynamic references.
 *
 * Physical ids are deterministic stand-ins (see `physical-ids.ts`); a value that cannot be
 * known locally throws `UnresolvableError`, which callers treat as "not available".
 */
import { type CfnResource, type StackTemplate, UnresolvableError } from './cfn-template';
import { replaceDynamicReferences } from './dynamic-references';
import { serviceOf, shortId } from './physical-ids';

/** Values the templates leave to the deployment environment. */
export interface ResolutionOptions {
  region: string;
  accountId: string;
  /** SSM parameter values by name; they win over parameters defined in the assembly. */
  ssmParameters?: Record<string, string>;
  /**
   * Secret values for `{{resolve:secretsmanager:…}}`, keyed by the whole reference, the
   * secret's ARN, name, logical id, or logical id without CDK's hash suffix.
   */
  secrets?: Record<string, string>;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves values across every stack of an assembly.
 *
 * @example
 * const ctx = new ResolutionContext(stacks, { region: 'us-east-1', accountId: '000000000000' });
 * ctx.resolve(stack, { 'Fn::GetAtt': ['MeFn340BB2F9', 'Arn'] }); // 'arn:aws:lambda:us-east-1:000000000000:function:Api-MeFn340BB2F9'
 */
export class ResolutionContext {
  private readonly inProgress = new Set<string>();

  constructor(
    readonly stacks: StackTemplate[],
    readonly options: ResolutionOptions,
  ) {}

  /** Deeply resolves `value` in the scope of `stack`. */
  resolve(stack: StackTemplate, value: unknown): unknown {
    const out = this.walk(stack, value);
    return out === NO_VALUE ? undefined : out;
  }

  /** Resolves to a string or throws `UnresolvableError`. */
  resolveString(stack: StackTemplate, value: unknown): string {
    const out = this.resolve(stack, value);
    if (typeof out === 'string') return out;
    if (typeof out === 'number' || typeof out === 'boolean') return String(out);
    throw new UnresolvableError(`expected a string, got ${JSON.stringify(out)}`);
  }

  /** The value of the SSM parameter `name`, from the options or from any stack's `AWS::SSM::Parameter`. */
  ssmParameter(name: string): string {
    const given = this.options.ssmParameters?.[name];
    if (given !== undefined) return given;
    for (const stack of this.stacks) {
      for (const [, resource] of Object.entries(stack.template.Resources ?? {})) {
        if (resource.Type !== 'AWS::SSM::Parameter') continue;
        const declared = this.tryString(stack, resource.Properties?.['Name']);
        if (declared !== name) continue;
        return this.guarded(`ssm:${name}`, () => this.resolveString(stack, resource.Properties?.['Value']));
      }
    }
    throw new UnresolvableError(`SSM parameter ${name} is defined by no stack of the assembly`);
  }

  /** The value exported as `name` by some stack's Outputs. */
  importValue(name: string): unknown {
    for (const stack of this.stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export === undefined || this.tryString(stack, output.Export.Name) !== name) continue;
        return this.guarded(`export:${name}`, () => this.resolve(stack, output.Value));
      }
    }
    throw new UnresolvableError(`no stack exports ${name}`);
  }

  /** The physical id (`Ref`) of a resource. */
  physicalId(stack: StackTemplate, logicalId: string): string {
    const resource = this.resourceOf(stack, logicalId);
    const props = resource.Properties ?? {};
    const named = (key: string, fallback: string) => this.tryString(stack, props[key]) ?? fallback;
    const seed = `${stack.stackName}/${logicalId}`;
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return named('FunctionName', `${stack.stackName}-${logicalId}`);
      case 'AWS::SSM::Parameter':
        return named('Name', `CFN-${logicalId}`);
      case 'AWS::SecretsManager::Secret':
        return `${this.arnPrefix('secretsmanager')}:secret:${named('Name', `${logicalId}`)}-${shortId(seed, 6)}`;
      case 'AWS::ApiGateway::Stage':
        return named('StageName', 'prod');
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::ApiKey':
        return shortId(seed, 10);
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::Authorizer':
      case 'AWS::ApiGateway::UsagePlan':
      case 'AWS::ApiGateway::Deployment':
        return shortId(seed, 6);
      default:
        return `${stack.stackName}-${logicalId}-${shortId(seed, 12).toUpperCase()}`;
    }
  }

  /** `Fn::GetAtt` of a resource. */
  attribute(stack: StackTemplate, logicalId: string, attribute: string): string {
    const resource = this.resourceOf(stack, logicalId);
    const id = this.physicalId(stack, logicalId);
    if (resource.Type === 'AWS::Lambda::Function' && attribute === 'Arn')
      return `${this.arnPrefix('lambda')}:function:${id}`;
    if (resource.Type === 'AWS::ApiGateway::RestApi' && attribute === 'RootResourceId')
      return shortId(`${stack.stackName}/${logicalId}/root`, 10);
    if (resource.Type === 'AWS::SSM::Parameter' && attribute === 'Value')
      return this.resolveString(stack, resource.Properties?.['Value']);
    if (resource.Type === 'AWS::SecretsManager::Secret' && attribute === 'Id') return id;
    if (attribute === 'Arn') return `${this.arnPrefix(serviceOf(resource.Type))}:${id}`;
    return `${id}.${attribute}`;
  }

  private arnPrefix(service: string): string {
    return `arn:aws:${service}:${this.options.region}:${this.options.accountId}`;
  }

  private resourceOf(stack: StackTemplate, logicalId: string): CfnResource {
    const resource = stack.template.Resources?.[logicalId];
    if (resource === undefined) throw new UnresolvableError(`${stack.stackName} has no resource ${logicalId}`);
    return resource;
  }

  private tryString(stack: StackTemplate, value: unknown): string | undefined {
    try {
      return value === undefined ? undefined : this.resolveString(stack, value);
    } catch (error) {
      if (error instanceof UnresolvableError) return undefined;
      throw error;
    }
  }

  private guarded<T>(key: string, run: () => T): T {
    if (this.inProgress.has(key)) throw new UnresolvableError(`circular reference through ${key}`);
    this.inProgress.add(key);
    try {
      return run();
    } finally {
      this.inProgress.delete(key);
    }
  }

  private pseudo(name: string): string | typeof NO_VALUE | undefined {
    switch (name) {
      case 'AWS::Region':
        return this.options.region;
      case 'AWS::AccountId':
        return this.options.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  private ref(stack: StackTemplate, name: string): unknown {
    if (name === 'AWS::StackName') return stack.stackName;
    if (name === 'AWS::StackId')
      return `${this.arnPrefix('cloudformation')}:stack/${stack.stackName}/${shortId(stack.stackName, 8)}`;
    const pseudo = this.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    const parameter = stack.template.Parameters?.[name];
    if (parameter !== undefined) {
      if (parameter.Type.startsWith('AWS::SSM::Parameter::Value<')) return this.ssmParameter(String(parameter.Default));
      if (parameter.Default === undefined) throw new UnresolvableError(`parameter ${name} has no default`);
      return parameter.Default;
    }
    return this.physicalId(stack, name);
  }

  private walk(stack: StackTemplate, value: unknown): unknown {
    if (typeof value === 'string') return this.dynamicReferences(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(stack, item)).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition')) {
      return this.intrinsic(stack, key, arg);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.walk(stack, v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private intrinsic(stack: StackTemplate, fn: string, arg: unknown): unknown {
    const list = (v: unknown): unknown[] => {
      const resolved = this.walk(stack, v);
      if (!Array.isArray(resolved)) throw new UnresolvableError(`${fn} expects a list`);
      return resolved;
    };
    const str = (v: unknown): string => {
      const resolved = this.walk(stack, v);
      if (typeof resolved === 'string' || typeof resolved === 'number') return String(resolved);
      throw new UnresolvableError(`${fn} expects a string, got ${JSON.stringify(resolved)}`);
    };
    switch (fn) {
      case 'Ref':
        return this.ref(stack, str(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : (list(arg) as string[]);
        return this.attribute(stack, String(logicalId), String(attribute));
      }
      case 'Fn::Sub':
        return this.dynamicReferences(this.sub(stack, arg));
      case 'Fn::ImportValue':
        return this.importValue(str(arg));
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.options.region}${zone}`);
      case 'Fn::Base64':
        return Buffer.from(str(arg)).toString('base64');
      case 'Fn::FindInMap': {
        const [map, top, second] = list(arg).map(String) as [string, string, string];
        const found = stack.template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new UnresolvableError(`no mapping ${map}.${top}.${second}`);
        return found;
      }
      default:
        return this.listFunction(stack, fn, arg, list, str);
    }
  }

  /** The functions that build or pick from lists, and the condition functions. */
  private listFunction(
    stack: StackTemplate,
    fn: string,
    arg: unknown,
    list: (v: unknown) => unknown[],
    str: (v: unknown) => string,
  ): unknown {
    switch (fn) {
      case 'Fn::Join': {
        const [delimiter, items] = arg as [string, unknown];
        // A dynamic reference is often assembled by a join (`{{resolve:secretsmanager:`, Ref, `:SecretString:::}}`).
        return this.dynamicReferences(
          list(items)
            .map((item) => (typeof item === 'string' ? item : String(item)))
            .join(delimiter),
        );
      }
      case 'Fn::Split': {
        const [delimiter, source] = arg as [string, unknown];
        return str(source).split(delimiter);
      }
      case 'Fn::Select': {
        const [index, items] = arg as [unknown, unknown];
        const chosen = list(items)[Number(this.walk(stack, index))];
        if (chosen === undefined) throw new UnresolvableError('Fn::Select index out of range');
        return chosen;
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return this.walk(stack, this.condition(stack, condition) ? whenTrue : whenFalse);
      }
      case 'Condition':
        return this.condition(stack, String(arg));
      case 'Fn::Equals': {
        const [a, b] = list(arg);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not':
        return !list(arg)[0];
      case 'Fn::And':
        return list(arg).every(Boolean);
      case 'Fn::Or':
        return list(arg).some(Boolean);
      default:
        throw new UnresolvableError(`unsupported intrinsic ${fn}`);
    }
  }

  private condition(stack: StackTemplate, name: string): boolean {
    const definition = stack.template.Conditions?.[name];
    if (definition === undefined) throw new UnresolvableError(`no condition ${name}`);
    return Boolean(this.guarded(`condition:${stack.id}:${name}`, () => this.walk(stack, definition)));
  }

  private sub(stack: StackTemplate, arg: unknown): string {
    const [template, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
    const resolvedVariables = this.walk(stack, variables) as Record<string, unknown>;
    return template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in resolvedVariables) return String(resolvedVariables[name]);
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId, attribute] = splitOnce(name, '.');
        return this.attribute(stack, logicalId, attribute);
      }
      const value = this.ref(stack, name);
      if (value === NO_VALUE) return '';
      return String(value ?? whole);
    });
  }

  private dynamicReferences(value: string): string {
    return replaceDynamicReferences(value, this);
  }
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}
