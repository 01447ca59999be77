import { listDocuments } from "@/lib/search/library";
import { toErrorBody } from "@/lib/server/errors";
import { methodNotAllowed, options } from "./schema";

// GET /api/documents: every indexed article's metadata (no text).
export async function GET() {
  try {
    return Response.json({ documents: await listDocuments() });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return Response.json(body, { status });
  }
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, options as OPTIONS };
