import { startDelete } from "@/lib/ingest/library-actions";
import { getConfig } from "@/lib/server/config";
import { assertMayChangeLibrary } from "@/lib/server/peer";
import { documentParamsSchema, errorResponse, parseOrThrow } from "../../schema";

// DELETE /api/library/documents/:id: removes the document's file from the corpus folder and its
// passages from the index (202, a job).
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    assertMayChangeLibrary(request.headers, getConfig().adminToken);
    const { id } = parseOrThrow(documentParamsSchema, await context.params);
    return Response.json({ job: await startDelete(id) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
