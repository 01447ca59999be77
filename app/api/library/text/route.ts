import { startPaste } from "@/lib/ingest/library-actions";
import { getConfig } from "@/lib/server/config";
import { assertMayChangeLibrary } from "@/lib/server/peer";
import { errorResponse, pasteSchema, readJson } from "../schema";

// POST /api/library/text { title, text }: saves pasted text as a Markdown file and indexes it (202, a job).
export async function POST(request: Request) {
  try {
    const config = getConfig();
    assertMayChangeLibrary(request.headers, config.adminToken);
    const paste = await readJson(request, pasteSchema, config.maxUploadBytes);
    return Response.json({ job: startPaste(paste) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
