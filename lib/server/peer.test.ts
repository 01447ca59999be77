import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPeerTag, mayChangeLibrary, peerHeader, peerHeaderValue, peerKind } from "./peer";

// A real server with the tag installed, as Next's is: it answers with the verdict a route would read.
let server: http.Server;
let port: number;

beforeAll(async () => {
  installPeerTag();
  installPeerTag(); // a second call must not wrap twice
  server = http.createServer((request, response) => {
    const headers = new Headers(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])) as [string, string][]);
    response.end(peerKind(headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function ask(host: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, path: "/", headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve(body));
    });
    request.on("error", reject);
    request.end();
  });
}

/** An address of this machine that is not loopback: a request from it is "another machine" to the server. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
}

describe("the peer tag", () => {
  it("marks a loopback request, and a client cannot forge the mark", async () => {
    expect(await ask("127.0.0.1")).toBe("loopback");
    expect(await ask("127.0.0.1", { [peerHeader]: "loopback made-up-secret" })).toBe("loopback");
  });

  it("marks a request through a proxy (forwarding headers) as proxied, whatever address they name", async () => {
    expect(await ask("127.0.0.1", { "x-forwarded-for": "127.0.0.1" })).toBe("proxied");
    expect(await ask("127.0.0.1", { forwarded: "for=127.0.0.1" })).toBe("proxied");
  });

  it.runIf(outsideAddress())("marks a request from a non-loopback address as remote", async () => {
    expect(await ask(outsideAddress()!)).toBe("remote");
  });
});

describe("mayChangeLibrary", () => {
  const signed = (kind: "loopback" | "remote" | "proxied") => new Headers({ [peerHeader]: peerHeaderValue(kind) });
  const token = "a-long-admin-token-0123456789";

  it("lets loopback change the library, and nothing else without the token", () => {
    expect(mayChangeLibrary(signed("loopback"), undefined)).toBe(true);
    expect(mayChangeLibrary(signed("remote"), undefined)).toBe(false);
    expect(mayChangeLibrary(signed("proxied"), undefined)).toBe(false);
    expect(mayChangeLibrary(new Headers({ [peerHeader]: "loopback not-the-secret" }), undefined)).toBe(false);
    expect(mayChangeLibrary(new Headers(), undefined)).toBe(false);
  });

  it("lets another machine in with the configured token only", () => {
    const remote = (extra: Record<string, string>) => new Headers({ [peerHeader]: peerHeaderValue("remote"), ...extra });
    expect(mayChangeLibrary(remote({ authorization: `Bearer ${token}` }), token)).toBe(true);
    expect(mayChangeLibrary(remote({ "x-admin-token": token }), token)).toBe(true);
    expect(mayChangeLibrary(remote({ authorization: "Bearer wrong-token-0123456789" }), token)).toBe(false);
    expect(mayChangeLibrary(remote({ authorization: `Bearer ${token}` }), undefined)).toBe(false);
  });
});
