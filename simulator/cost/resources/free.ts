import { free, type ResourceRule } from './rule';

/**
 * Types AWS charges nothing for, each with the reason. A type belongs here only when it has no
 * charge of its own in any configuration; the usage it enables is priced on the line that bills it.
 */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM roles are free',
  'AWS::IAM::Policy': 'IAM policies are free',
  'AWS::IAM::ManagedPolicy': 'IAM policies are free',
  'AWS::IAM::InstanceProfile': 'IAM instance profiles are free',
  'AWS::EC2::VPC': 'a VPC is free; what runs in it is priced on its own lines',
  'AWS::EC2::Subnet': 'subnets are free',
  'AWS::EC2::RouteTable': 'route tables are free',
  'AWS::EC2::Route': 'routes are free',
  'AWS::EC2::SubnetRouteTableAssociation': 'route table associations are free',
  'AWS::EC2::SecurityGroup': 'security groups are free',
  'AWS::EC2::SecurityGroupIngress': 'security group rules are free',
  'AWS::EC2::SecurityGroupEgress': 'security group rules are free',
  'AWS::EC2::InternetGateway': 'an internet gateway is free (data transfer out is billed per GB; the designs send none to the internet)',
  'AWS::EC2::VPCGatewayAttachment': 'gateway attachments are free',
  'AWS::S3::BucketPolicy': 'bucket policies are free',
  'AWS::SNS::TopicPolicy': 'topic policies are free',
  'AWS::KMS::Alias': 'KMS aliases are free',
  'AWS::Lambda::Permission': 'Lambda resource policies are free',
  'AWS::Logs::ResourcePolicy': 'CloudWatch Logs resource policies are free',
  'AWS::CDK::Metadata': 'CDK metadata is not an AWS resource',
};

export const freeTypesRule: ResourceRule = {
  types: Object.keys(FREE_TYPES),
  price: (resource) => free(FREE_TYPES[resource.type]!),
};
