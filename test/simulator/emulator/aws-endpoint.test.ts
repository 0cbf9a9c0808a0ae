import { awsPreflight, refuseEndpointOverrides } from '../../../simulator/emulator/aws/provider';

describe('--emulator aws and endpoint overrides', () => {
  test('refuses AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, naming the variable and the way to target it on purpose', () => {
    expect(() => refuseEndpointOverrides({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).toThrow(
      '--emulator aws talks to real AWS, but AWS_ENDPOINT_URL=http://localhost:4566 is set, which would send its calls there: unset it, or target that endpoint on purpose with --emulator endpoint --endpoint http://localhost:4566',
    );
    expect(() => refuseEndpointOverrides({ AWS_ENDPOINT_URL_S3: 'http://x', AWS_ENDPOINT_URL_STS: 'http://y' })).toThrow(/AWS_ENDPOINT_URL_S3=http:\/\/x is set \(and AWS_ENDPOINT_URL_STS\)/);
  });
  test('passes a clean environment, an empty variable, and the SDK switch that ignores configured endpoints', () => {
    expect(() => refuseEndpointOverrides({ AWS_REGION: 'us-east-1' })).not.toThrow();
    expect(() => refuseEndpointOverrides({ AWS_ENDPOINT_URL: '' })).not.toThrow();
    expect(() => refuseEndpointOverrides({ AWS_ENDPOINT_URL: 'http://x', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).not.toThrow();
  });
  test('consent comes first', () => {
    expect(() => awsPreflight({ yes: false, env: {} })).toThrow(/add --yes to confirm/);
  });
});
