import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, startEmulator } from '../../../simulator/emulator';
import { DEFAULT_LOCALSTACK_IMAGE, localstackUnavailable } from '../../../simulator/emulator/localstack/provider';

/**
 * LocalStack via testcontainers. Runs wherever a container engine answers and the image is present;
 * elsewhere (our CI machines: no engine, no pulls) every test prints why it did nothing.
 */
jest.setTimeout(180_000);

let skipReason: string | undefined;

beforeAll(async () => {
  skipReason = await localstackUnavailable(DEFAULT_LOCALSTACK_IMAGE);
  if (skipReason) console.warn(`LocalStack tests skipped: ${skipReason}`);
});

test('the provider refuses with a one-line reason when LocalStack cannot run', async () => {
  if (!skipReason) return;
  await expect(startEmulator('localstack', {})).rejects.toThrow(/--emulator localstack cannot start: .*Use the default --emulator moto/);
});

test('LocalStack starts, serves S3 through the session endpoint, and stops', async () => {
  if (skipReason) {
    console.warn(`skipped: ${skipReason}`);
    return;
  }
  const s = await startEmulator('localstack', {});
  try {
    const s3 = new S3Client(clientConfig(s));
    await s3.send(new CreateBucketCommand({ Bucket: 'scalesim-ls' }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain('scalesim-ls');
    s3.destroy();
  } finally {
    await s.stop();
  }
});
