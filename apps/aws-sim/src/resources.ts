/** How a Config resource type (`AWS::S3::Bucket`) looks in a finding: ASFF type, ARN and Config resource id. */
export interface SimResource {
  /** ASFF `Resources[].Type`, e.g. `AwsS3Bucket`. */
  readonly type: string;
  /** ASFF `Resources[].Id` (an ARN, or `AWS::::Account:<id>` for the account). */
  readonly id: string;
  /** Config's `ResourceType` and `ResourceId` for the same resource. */
  readonly configType: string;
  readonly configId: string;
}

const ASFF_TYPE: Readonly<Record<string, string>> = {
  'AWS::::Account': 'AwsAccount',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'AwsElbLoadBalancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'AwsElbv2LoadBalancer',
  'AWS::OpenSearch::Domain': 'AwsOpenSearchServiceDomain',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::RDS::DBClusterSnapshot': 'AwsRdsDbClusterSnapshot',
  'AWS::DynamoDB::Table': 'AwsDynamoDbTable',
};

export function asffType(configType: string): string {
  const known = ASFF_TYPE[configType];
  if (known) return known;
  const parts = configType.split('::').filter((p) => p.length > 0);
  // ASFF spells acronyms as words: EC2 -> Ec2, DBInstance -> DbInstance, WebACL -> WebAcl.
  const word = (p: string): string => p.replace(/([A-Z])([A-Z]+)(?=[A-Z][a-z]|[0-9]|$)/g, (_m, a: string, b: string) => a + b.toLowerCase());
  return parts.length === 0 ? 'Other' : parts.map((p, i) => (i === 0 ? 'Aws' : word(p))).join('');
}

const PREFIX: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroup': 'sg-',
  'AWS::EC2::Instance': 'i-',
  'AWS::EC2::Volume': 'vol-',
  'AWS::EC2::VPC': 'vpc-',
  'AWS::EC2::Subnet': 'subnet-',
  'AWS::EC2::NetworkAcl': 'acl-',
};

function kebab(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * A resource of `configType` in an account and region. `name` is a short deterministic token that makes
 * it unique (the caller derives it from the seed).
 */
export function simResource(configType: string, accountId: string, accountName: string, region: string, name: string): SimResource {
  const type = asffType(configType);
  const parts = configType.split('::');
  const service = (parts[1] ?? 'other').toLowerCase();
  const kind = parts[2] ?? 'resource';
  const prefix = PREFIX[configType];
  const physical = prefix ? `${prefix}0${name}` : `${accountName}-${kebab(kind)}-${name}`;
  let id: string;
  switch (configType) {
    case 'AWS::::Account':
      return { type, id: `AWS::::Account:${accountId}`, configType, configId: accountId };
    case 'AWS::S3::Bucket':
      id = `arn:aws:s3:::${physical}`;
      break;
    case 'AWS::IAM::User':
    case 'AWS::IAM::Role':
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::Group':
      id = `arn:aws:iam::${accountId}:${kind.toLowerCase()}/${physical}`;
      break;
    case 'AWS::CloudFront::Distribution':
      id = `arn:aws:cloudfront::${accountId}:distribution/E${name.toUpperCase()}`;
      break;
    case 'AWS::CloudTrail::Trail':
      id = `arn:aws:cloudtrail:${region}:${accountId}:trail/${physical}`;
      break;
    case 'AWS::RDS::DBInstance':
      id = `arn:aws:rds:${region}:${accountId}:db:${physical}`;
      break;
    case 'AWS::RDS::DBCluster':
      id = `arn:aws:rds:${region}:${accountId}:cluster:${physical}`;
      break;
    case 'AWS::Lambda::Function':
      id = `arn:aws:lambda:${region}:${accountId}:function:${physical}`;
      break;
    default:
      id = `arn:aws:${service}:${region}:${accountId}:${kebab(kind)}/${physical}`;
  }
  return { type, id, configType, configId: physical };
}
