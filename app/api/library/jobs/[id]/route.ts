import { getJob } from "@/lib/ingest/library-jobs";
import { CaravanError } from "@/lib/server/errors";
import { errorResponse, jobParamsSchema, parseOrThrow } from "../../schema";

// GET /api/library/jobs/:id: a library change's progress and, once finished, what became of each file.
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = parseOrThrow(jobParamsSchema, await context.params);
    const job = getJob(id);
    if (!job) throw new CaravanError("not_found", "No such job (finished jobs are forgotten after a while).");
    return Response.json({ job }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
