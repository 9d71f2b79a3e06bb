import { request } from 'node:http';

/** What a plain GET got back. */
export interface GetReply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * One `GET url` on a fresh connection (no agent, as a Kubernetes probe makes
 * it), rejecting after `timeoutMs`; `method` may be HEAD.
 */
export function httpGet(url: string, method: 'GET' | 'HEAD' = 'GET', timeoutMs = 10_000): Promise<GetReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
