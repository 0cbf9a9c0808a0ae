/**
 * Run by aws-clients.test.ts in a plain Node process: one S3 call through the run's clients to
 * `process.argv[2]`, printing what it threw as JSON. (Inside jest's sandbox, Node's network errors are
 * not `instanceof Error` of the test's realm, and the SDK re-wraps them without their code.)
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { awsClients } from '../../../simulator/deploy/aws-clients';
import { TargetUnreachableError } from '../../../simulator/errors';

const clients = awsClients({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
clients.s3
  .send(new ListBucketsCommand({}))
  .then(() => process.stdout.write(JSON.stringify({ threw: false })))
  .catch((e: unknown) => {
    const err = e as TargetUnreachableError;
    process.stdout.write(
      JSON.stringify({ threw: true, typed: e instanceof TargetUnreachableError, name: err.name, endpoint: err.endpoint, reason: err.reason, message: err.message, hasCause: err.cause !== undefined }),
    );
  })
  .finally(() => clients.destroy());
