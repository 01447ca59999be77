import { startUpload } from "@/lib/ingest/library-actions";
import { getConfig } from "@/lib/server/config";
import { assertMayChangeLibrary } from "@/lib/server/peer";
import { errorResponse, readUploadedFiles } from "../schema";

// POST /api/library/files (multipart, field "files"): adds files to the corpus folder and indexes
// them. 202 with the job to poll; each file's result says whether it was added or why not.
export async function POST(request: Request) {
  try {
    const config = getConfig();
    assertMayChangeLibrary(request.headers, config.adminToken);
    const files = await readUploadedFiles(request, config.maxUploadBytes);
    return Response.json({ job: startUpload(files) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
