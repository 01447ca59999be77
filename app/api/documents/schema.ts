import { z } from "zod";
import { CaravanError, toErrorBody } from "@/lib/server/errors";

/** A document id in a URL: the index uses hex digests; anything else is a 404 without a query. */
export const documentParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{8,64}$/, "Unknown document id"),
});

const allow = "GET, HEAD";

/** Next answers other methods with a bare 405; the library says so in the JSON every API error uses. */
export function methodNotAllowed(): Response {
  const { status, body } = toErrorBody(new CaravanError("method_not_allowed", "The library is read-only here: use GET."));
  return Response.json(body, { status, headers: { allow } });
}

/** OPTIONS lists what the address takes (Next's own answer would list the 405 stubs too). */
export function options(): Response {
  return new Response(null, { status: 204, headers: { allow: `${allow}, OPTIONS` } });
}
