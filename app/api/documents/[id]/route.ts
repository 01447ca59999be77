import { CaravanError, toErrorBody } from "@/lib/server/errors";
import { getDocument } from "@/lib/search/library";
import { documentParamsSchema, methodNotAllowed, options } from "../schema";

// GET /api/documents/:id: one cleaned article with its chunk spans (offsets into `text`).
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const parsed = documentParamsSchema.safeParse(await context.params);
    const document = parsed.success ? await getDocument(parsed.data.id) : null;
    if (!document) throw new CaravanError("not_found", "No document has this id.");
    return Response.json({ document });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return Response.json(body, { status });
  }
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, options as OPTIONS };
