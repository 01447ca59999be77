import { z } from "zod";

/** A document id in a URL: the index uses hex digests; anything else is a 404 without a query. */
export const documentParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{8,64}$/, "Unknown document id"),
});
