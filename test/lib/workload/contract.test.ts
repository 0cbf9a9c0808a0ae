import { KEYS, outputCompressionFrom } from '../../../lib/workload/contract';

describe('output compression (ENV.outputCompression)', () => {
  test('defaults to gzip, accepts gzip and none', () => {
    expect(outputCompressionFrom({})).toBe('gzip');
    expect(outputCompressionFrom({ OUTPUT_COMPRESSION: '' })).toBe('gzip');
    expect(outputCompressionFrom({ OUTPUT_COMPRESSION: 'none' })).toBe('none');
    expect(outputCompressionFrom({ OUTPUT_COMPRESSION: 'gzip' })).toBe('gzip');
  });

  test('an unknown value names itself and the allowed ones', () => {
    expect(() => outputCompressionFrom({ OUTPUT_COMPRESSION: 'zstd' })).toThrow(/OUTPUT_COMPRESSION="zstd" is not an output compression; allowed: gzip, none/);
  });

  test('output keys carry the extension of what is stored', () => {
    expect(KEYS.curated('r', 'part-00001.ndjson.gz', 'gzip')).toBe('r/part-00001.ndjson.gz');
    expect(KEYS.quarantine('r', 'part-00001.ndjson', 'none')).toBe('r/part-00001.ndjson');
  });
});
