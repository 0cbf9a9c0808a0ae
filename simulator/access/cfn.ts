import type { CfnTemplate, CfnValue } from '../assembly/template';

/**
 * A resolver that turns the intrinsic functions of a template (simulator/assembly/template.ts) into
 * strings that name the logical resources they point at.
 *
 * A physical name is unknown before deploy, so it is rendered as a placeholder `{LogicalId}`, and an
 * ARN is rendered in the service's ARN format around that placeholder: `Fn::GetAtt [Raw…, Arn]` becomes
 * `arn:aws:s3:::{Raw…}`. Policy resources and the sample ARNs the analysis matches them against are
 * rendered the same way, so IAM wildcard matching on the rendered strings gives the same answer as it
 * would on the deployed names. Placeholders contain no `:` or `/`, so `Fn::Split` on ARNs still works.
 */

/** The account of the stack itself, unknown offline. Anything else in an account field is another account. */
export const SELF_ACCOUNT = '{AccountId}';

export interface RenderOptions {
  /**
   * Rendered for `AWS::Region`. CDK writes the region literally into ARNs when the stack has an
   * explicit env, so it must match for ARNs built both ways to compare equal.
   * @default 'us-east-1'
   */
  readonly region?: string;
}

/** A rendered expression: the text, the logical ids it refers to, and whether every part was resolved. */
export interface Rendered {
  readonly text: string;
  readonly refs: readonly string[];
  /** False when some intrinsic could not be evaluated offline (`Fn::If`, `Fn::ImportValue`...); the text then holds `{?…}`. */
  readonly exact: boolean;
}

type Val = string | readonly Val[];

/** ARN formats of the resource types the stacks use, by the attribute asked for (`Ref` or `Fn::GetAtt` name). */
const ARN_FORMATS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::S3::Bucket': { Ref: '{id}', Arn: 'arn:aws:s3:::{id}' },
  'AWS::IAM::Role': { Ref: '{id}', Arn: 'arn:aws:iam::{acct}:role/{id}' },
  'AWS::IAM::User': { Ref: '{id}', Arn: 'arn:aws:iam::{acct}:user/{id}' },
  'AWS::IAM::Group': { Ref: '{id}', Arn: 'arn:aws:iam::{acct}:group/{id}' },
  'AWS::IAM::ManagedPolicy': { Ref: 'arn:aws:iam::{acct}:policy/{id}', PolicyArn: 'arn:aws:iam::{acct}:policy/{id}' },
  'AWS::Lambda::Function': { Ref: '{id}', Arn: 'arn:aws:lambda:{region}:{acct}:function:{id}' },
  'AWS::StepFunctions::StateMachine': {
    Ref: 'arn:aws:states:{region}:{acct}:stateMachine:{id}',
    Arn: 'arn:aws:states:{region}:{acct}:stateMachine:{id}',
    Name: '{id}',
  },
  'AWS::SNS::Topic': { Ref: 'arn:aws:sns:{region}:{acct}:{id}', TopicArn: 'arn:aws:sns:{region}:{acct}:{id}', TopicName: '{id}' },
  'AWS::SQS::Queue': { Ref: 'https://sqs.{region}.amazonaws.com/{acct}/{id}', Arn: 'arn:aws:sqs:{region}:{acct}:{id}', QueueName: '{id}' },
  'AWS::KMS::Key': { Ref: '{id}', Arn: 'arn:aws:kms:{region}:{acct}:key/{id}', KeyId: '{id}' },
  'AWS::Logs::LogGroup': { Ref: '{id}', Arn: 'arn:aws:logs:{region}:{acct}:log-group:{id}:*' },
  'AWS::ECS::Cluster': { Ref: '{id}', Arn: 'arn:aws:ecs:{region}:{acct}:cluster/{id}' },
  'AWS::ECS::TaskDefinition': { Ref: 'arn:aws:ecs:{region}:{acct}:task-definition/{id}:1', TaskDefinitionArn: 'arn:aws:ecs:{region}:{acct}:task-definition/{id}:1' },
  'AWS::CloudWatch::Alarm': { Ref: '{id}', Arn: 'arn:aws:cloudwatch:{region}:{acct}:alarm:{id}' },
  'AWS::DynamoDB::Table': { Ref: '{id}', Arn: 'arn:aws:dynamodb:{region}:{acct}:table/{id}' },
  'AWS::SecretsManager::Secret': { Ref: 'arn:aws:secretsmanager:{region}:{acct}:secret:{id}' },
  'AWS::ECR::Repository': { Ref: '{id}', Arn: 'arn:aws:ecr:{region}:{acct}:repository/{id}' },
  'AWS::Events::Rule': { Ref: '{id}', Arn: 'arn:aws:events:{region}:{acct}:rule/{id}' },
};

/**
 * Resolves intrinsic functions in one template. Pure: no I/O, and the same input renders the same text.
 */
export class CfnResolver {
  private readonly region: string;

  constructor(
    private readonly template: CfnTemplate,
    options: RenderOptions = {},
  ) {
    this.region = options.region ?? 'us-east-1';
  }

  /** Renders a value that should be one string (a policy resource, a principal, a condition value). */
  render(value: CfnValue | undefined): Rendered {
    const refs = new Set<string>();
    const state = { exact: true };
    const v = this.evaluate(value, refs, state);
    const text = typeof v === 'string' ? v : flat(v).join(',');
    return { text, refs: [...refs], exact: state.exact };
  }

  /** Renders a value that may be a list (e.g. `Resource: [..]` or a single `Fn::Split`); each element separately. */
  renderList(value: CfnValue | undefined): Rendered[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return (value as readonly CfnValue[]).flatMap((v) => this.renderList(v));
    const refs = new Set<string>();
    const state = { exact: true };
    const v = this.evaluate(value, refs, state);
    return flat(v).map((text) => ({ text, refs: [...refs], exact: state.exact }));
  }

  /** Renders every string leaf of a nested object (conditions), keeping the structure. */
  renderDeep(value: CfnValue | undefined): CfnValue {
    if (value === undefined || value === null || typeof value !== 'object') return value ?? null;
    if (Array.isArray(value)) return (value as readonly CfnValue[]).map((v) => this.renderDeep(v));
    const obj = value as Readonly<Record<string, CfnValue>>;
    if (isIntrinsic(obj)) return this.render(obj).text;
    const out: Record<string, CfnValue> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = this.renderDeep(v);
    return out;
  }

  /** The logical id a `{Ref}` or `{Fn::GetAtt}` points at directly, if the value is exactly that. */
  static targetOf(value: CfnValue | undefined): string | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const obj = value as Readonly<Record<string, CfnValue>>;
    if (typeof obj.Ref === 'string') return obj.Ref;
    const att = obj['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
    if (typeof att === 'string') return att.split('.')[0];
    return undefined;
  }

  private evaluate(value: CfnValue | undefined, refs: Set<string>, state: { exact: boolean }): Val {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return (value as readonly CfnValue[]).map((v) => this.evaluate(v, refs, state));
    const obj = value as Readonly<Record<string, CfnValue>>;
    const keys = Object.keys(obj);
    if (keys.length !== 1) return this.unresolved('object', state);
    const [fn] = keys;
    const arg = obj[fn!];
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), refs, state);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? (arg as readonly CfnValue[]).map(String) : String(arg).split(/\.(.*)/);
        return this.getAtt(id ?? '', attr ?? '', refs, state);
      }
      case 'Fn::Join': {
        const [delim, parts] = arg as readonly [CfnValue, CfnValue];
        const list = this.evaluate(parts, refs, state);
        return (typeof list === 'string' ? [list] : flat(list)).join(String(delim));
      }
      case 'Fn::Sub':
        return this.sub(arg, refs, state);
      case 'Fn::Select': {
        const [index, list] = arg as readonly [CfnValue, CfnValue];
        const items = this.evaluate(list, refs, state);
        const i = Number(this.evaluate(index, refs, state));
        const arr = typeof items === 'string' ? [items] : items;
        const picked = arr[i];
        return picked === undefined ? this.unresolved(`Select ${i}`, state) : picked;
      }
      case 'Fn::Split': {
        const [delim, source] = arg as readonly [CfnValue, CfnValue];
        const s = this.evaluate(source, refs, state);
        return (typeof s === 'string' ? s : flat(s).join(',')).split(String(delim));
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as readonly CfnValue[]).map((a) => this.evaluate(a, refs, state));
        const found = lookup(this.template.Mappings, [String(map), String(top), String(second)]);
        return found === undefined ? this.unresolved('FindInMap', state) : this.evaluate(found, refs, state);
      }
      default:
        return this.unresolved(fn!.replace(/^Fn::/, ''), state);
    }
  }

  private unresolved(what: string, state: { exact: boolean }): string {
    state.exact = false;
    return `{?${what}}`;
  }

  private ref(id: string, refs: Set<string>, state: { exact: boolean }): Val {
    switch (id) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::AccountId':
        return SELF_ACCOUNT;
      case 'AWS::Region':
        return this.region;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return '{StackName}';
      case 'AWS::StackId':
        return '{StackId}';
      case 'AWS::NoValue':
        return [];
    }
    const resource = this.template.Resources[id];
    if (!resource) {
      if (this.template.Parameters?.[id] !== undefined) return `{${id}}`;
      return this.unresolved(`Ref ${id}`, state);
    }
    refs.add(id);
    return this.format(resource.Type, 'Ref', id);
  }

  private getAtt(id: string, attr: string, refs: Set<string>, state: { exact: boolean }): Val {
    const resource = this.template.Resources[id];
    if (!resource) return this.unresolved(`GetAtt ${id}.${attr}`, state);
    refs.add(id);
    return this.format(resource.Type, attr, id);
  }

  private format(type: string, attr: string, id: string): string {
    const f = ARN_FORMATS[type]?.[attr];
    if (!f) return attr === 'Ref' ? `{${id}}` : `{${id}.${attr}}`;
    return f.replace('{id}', `{${id}}`).replace('{acct}', SELF_ACCOUNT).replace('{region}', this.region);
  }

  private sub(arg: CfnValue, refs: Set<string>, state: { exact: boolean }): string {
    const [text, vars] = Array.isArray(arg) ? (arg as unknown as readonly [CfnValue, CfnValue?]) : [arg, undefined];
    const bindings = (vars ?? {}) as Readonly<Record<string, CfnValue>>;
    return String(text).replace(/\$\{(!?)([^}]*)\}/g, (_m, bang: string, name: string) => {
      if (bang) return '${' + name + '}';
      if (name in bindings) {
        const v = this.evaluate(bindings[name], refs, state);
        return typeof v === 'string' ? v : flat(v).join(',');
      }
      const dot = name.indexOf('.');
      const v = dot > 0 && !name.startsWith('AWS::') ? this.getAtt(name.slice(0, dot), name.slice(dot + 1), refs, state) : this.ref(name, refs, state);
      return typeof v === 'string' ? v : flat(v).join(',');
    });
  }
}

function isIntrinsic(obj: Readonly<Record<string, CfnValue>>): boolean {
  const keys = Object.keys(obj);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function flat(v: Val): string[] {
  return typeof v === 'string' ? [v] : v.flatMap(flat);
}

function lookup(root: CfnValue | undefined, path: readonly string[]): CfnValue | undefined {
  let cur: CfnValue | undefined = root;
  for (const key of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Readonly<Record<string, CfnValue>>)[key];
  }
  return cur;
}
