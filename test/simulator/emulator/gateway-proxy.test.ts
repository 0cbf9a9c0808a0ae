import * as http from 'http';
import type { AddressInfo } from 'net';
import { Gateway } from '../../../simulator/emulator/gateway/server';

/**
 * The gateway's plain proxy to moto: when moto dies half-way through a response, the client's connection
 * is reset too, so the client sees an error instead of waiting forever for the rest of the body (the SDK
 * clients have no request timeout).
 */
describe('gateway proxy', () => {
  let upstream: http.Server;
  let gateway: Gateway;

  beforeAll(async () => {
    // Sends the headers and a tenth of the body it announces, then dies (as a SIGKILLed moto would).
    upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': '1000' });
      res.write('<partial>');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    gateway = await Gateway.start({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    gateway.setUpstream(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  test('an upstream that dies mid-response resets the client instead of leaving it waiting', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('still waiting after 5 s'), 5000);
      const req = http.get(`${gateway.url}/some-bucket?list-type=2`, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', (e) => resolve(`error: ${e.message}`));
        res.on('aborted', () => resolve('aborted'));
      });
      req.on('error', (e) => resolve(`error: ${e.message}`));
      req.on('close', () => clearTimeout(timer));
    });
    expect(outcome).toMatch(/^(error|aborted)/);
  });
});
