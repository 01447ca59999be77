import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peerHeader, peerHeaderValue } from "@/lib/server/peer";

// The library's changing routes refuse requests from other machines (403) unless ADMIN_TOKEN is set
// and presented. A request that passes the guard reaches validation: a body that is not multipart
// gets 415, so 415 here means "allowed in".
const token = "route-test-admin-token-0123456789";
let previous: string | undefined;

beforeAll(() => {
  previous = process.env.ADMIN_TOKEN;
  process.env.ADMIN_TOKEN = token;
});

afterAll(() => {
  if (previous === undefined) delete process.env.ADMIN_TOKEN;
  else process.env.ADMIN_TOKEN = previous;
});

function request(method: string, headers: Record<string, string>): Request {
  return new Request("http://caravan.test/api/library/files", { method, headers: { "content-type": "text/plain", ...headers }, body: method === "DELETE" ? undefined : "x" });
}

const remote = { [peerHeader]: peerHeaderValue("remote") };
const local = { [peerHeader]: peerHeaderValue("loopback") };

describe("library changes from other machines", () => {
  it("are refused without the token, on every changing route", async () => {
    const files = await import("./files/route");
    const text = await import("./text/route");
    const url = await import("./url/route");
    const remove = await import("./documents/[id]/route");
    const params = { params: Promise.resolve({ id: "0123456789abcdef" }) };
    for (const response of [
      await files.POST(request("POST", remote)),
      await text.POST(request("POST", remote)),
      await url.POST(request("POST", remote)),
      await remove.DELETE(request("DELETE", remote), params),
      await files.POST(request("POST", { ...remote, authorization: "Bearer not-the-token-0123456789" })),
      // A forged loopback mark (not signed by this process) counts for nothing.
      await files.POST(request("POST", { [peerHeader]: "loopback forged" })),
      await files.POST(request("POST", {})),
    ]) {
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toMatch(/ADMIN_TOKEN/);
    }
  });

  it("are let in from loopback, or with the token", async () => {
    const files = await import("./files/route");
    expect((await files.POST(request("POST", local))).status).toBe(415);
    expect((await files.POST(request("POST", { ...remote, authorization: `Bearer ${token}` }))).status).toBe(415);
  });
});
