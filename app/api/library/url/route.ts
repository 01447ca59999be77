import { startImport } from "@/lib/ingest/library-actions";
import { getConfig } from "@/lib/server/config";
import { assertMayChangeLibrary } from "@/lib/server/peer";
import { errorResponse, importSchema, readJson } from "../schema";

// POST /api/library/url { url }: fetches the page on the server (guarded: lib/ingest/url-import.ts),
// saves it in the corpus folder and indexes it (202, a job).
export async function POST(request: Request) {
  try {
    const config = getConfig();
    assertMayChangeLibrary(request.headers, config.adminToken);
    const { url } = await readJson(request, importSchema, 16_000);
    return Response.json({ job: startImport(url) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
