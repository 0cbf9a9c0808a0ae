import { fargateBilledSeconds, fargateCost } from '../../../simulator/cost/fargate';
import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';

const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot).fargate;

describe('fargateCost', () => {
  it('bills per second with a 1-minute minimum per task', () => {
    expect(fargateBilledSeconds(0, 60)).toBe(60);
    expect(fargateBilledSeconds(59.2, 60)).toBe(60);
    expect(fargateBilledSeconds(60.2, 60)).toBe(61);
    expect(fargateBilledSeconds(3600, 60)).toBe(3600);
  });

  it('prices vCPU-hours and GB-hours at the architecture’s rates', () => {
    const c = fargateCost(prices, { vcpu: 2, memoryGb: 4, architecture: 'arm64', taskSeconds: [3600] });
    expect(c.vcpuHours).toBe(2);
    expect(c.gbHours).toBe(4);
    expect(c.vcpuUsd).toBeCloseTo(2 * 0.03238, 12);
    expect(c.memoryUsd).toBeCloseTo(4 * 0.00356, 12);
    expect(c.usd).toBeCloseTo(0.07900, 5);
    const x86 = fargateCost(prices, { vcpu: 2, memoryGb: 4, architecture: 'x86_64', taskSeconds: [3600] });
    expect(x86.usd).toBeCloseTo(2 * 0.04048 + 4 * 0.004445, 12);
  });

  it('gives each task (a retry too) its own minimum', () => {
    const c = fargateCost(prices, { vcpu: 1, memoryGb: 2, architecture: 'x86_64', taskSeconds: [10, 90.5] });
    expect(c.tasks).toBe(2);
    expect(c.billedSeconds).toBe(60 + 91);
  });

  it('rejects bad sizes, times and architectures', () => {
    expect(() => fargateCost(prices, { vcpu: 0, memoryGb: 2, architecture: 'x86_64', taskSeconds: [1] })).toThrow(/Fargate vcpu must be > 0, got 0/);
    expect(() => fargateCost(prices, { vcpu: 1, memoryGb: -2, architecture: 'x86_64', taskSeconds: [1] })).toThrow(/Fargate memoryGb must be > 0, got -2/);
    expect(() => fargateCost(prices, { vcpu: 1, memoryGb: 2, architecture: 'x86_64', taskSeconds: [-1] })).toThrow(/Fargate task seconds must be a finite number >= 0, got -1/);
    expect(() => fargateCost(prices, { vcpu: 1, memoryGb: 2, architecture: 'ppc' as 'arm64', taskSeconds: [1] })).toThrow(/no Fargate prices for architecture ppc/);
  });
});
