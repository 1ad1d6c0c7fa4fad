// The load client's own requests (creating links, making changes): node:http over one
// keep-alive agent, so a change costs the server a request, not a TCP handshake.

import { Agent, request } from "node:http";
import type { Target } from "./sse-connection";

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export interface CallResult {
  status: number;
  body: string;
}

export function call(
  target: Target,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.host, port: target.port, method, path, agent, headers: options.headers },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
