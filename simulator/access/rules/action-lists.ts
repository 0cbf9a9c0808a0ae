/**
 * Action lists more than one rule needs. Patterns use IAM wildcards and match case-insensitively.
 */

/** Actions that change what code runs, or how: whoever holds them can make the pipeline run their code. */
export const CODE_AND_DEFINITION_CHANGES = [
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:PublishLayerVersion',
  'lambda:UpdateAlias',
  'lambda:CreateAlias',
  'lambda:PublishVersion',
  'states:CreateStateMachine',
  'states:UpdateStateMachine',
  'states:DeleteStateMachine',
  'states:CreateStateMachineAlias',
  'states:UpdateStateMachineAlias',
  'ecs:RegisterTaskDefinition',
  'ecs:UpdateService',
  'ecs:CreateService',
  'ecs:UpdateCluster',
  'ecr:PutImage',
  'ecr:CompleteLayerUpload',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:DeleteStack',
  'cloudformation:CreateChangeSet',
  'cloudformation:ExecuteChangeSet',
  'ec2:RunInstances',
  'ec2:ModifyInstanceAttribute',
  'glue:UpdateJob',
  'glue:CreateJob',
] as const;

/** Read actions that return data (object contents, secrets, plaintext), by service. */
export const DATA_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAttributes',
  's3:RestoreObject',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
] as const;

/** IAM actions that escalate without being classified "Permissions management". */
export const IAM_CREDENTIAL_ACTIONS = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:AddUserToGroup'] as const;
