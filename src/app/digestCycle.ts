import { randomUUID } from "node:crypto";
import { withPlan } from "../cards/cards";
import { digestCard } from "../cards/digestCard";
import { dueDigest } from "../domain/boardCalendar";
import type { IsoDate } from "../domain/dates";
import { snapshotOf } from "../domain/digest";
import type { DigestRepository } from "../storage/digestRepository";
import type { LeaseRepository } from "../storage/leaseRepository";
import type { DigestService } from "./digestService";
import { withPlanLease, type HeldLease } from "./planLease";
import type { PlanService } from "./planService";
import type { Messenger } from "./promptCycle";

export interface DigestReport {
  ran: boolean;
  why?: string;
  posted: { boardId: string; meeting: string }[];
  alreadyPosted: { boardId: string; meeting: string }[];
  failed: { boardId: string; meeting: string; reason: string }[];
  /** Boards with a digest due but no channel registered (`digest here for <board>`). */
  noChannel: string[];
}

/**
 * Posts each board's digest once per meeting: when its digest date has come and the
 * meeting is still ahead (so a digest missed while the bot was down goes out when it
 * comes back, but never after the meeting). Each is recorded with a conditional insert
 * keyed by board and meeting before it is posted, under the plan's lease, and marked
 * posted with the snapshot the next digest compares with.
 */
export class DigestCycle {
  readonly instanceId = randomUUID();

  constructor(
    private readonly plans: PlanService,
    private readonly service: DigestService,
    private readonly digests: DigestRepository,
    private readonly leases: LeaseRepository,
    private readonly messenger: Messenger,
    private readonly options: { leaseSeconds: number },
    private readonly log: (message: string) => void,
    /** Told of every finished run (telemetry counts the digests posted). */
    private readonly observe: (planId: string, report: DigestReport) => void = () => undefined,
  ) {}

  async run(planId: string, asOf: IsoDate): Promise<DigestReport> {
    const report = await withPlanLease(this.leases, planId, this.instanceId, this.options.leaseSeconds * 1000, (lease) => this.runHeld(planId, asOf, lease));
    return report ?? { ran: false, why: "another instance is running this plan's cycle", posted: [], alreadyPosted: [], failed: [], noChannel: [] };
  }

  async runHeld(planId: string, asOf: IsoDate, lease: HeldLease): Promise<DigestReport> {
    const report: DigestReport = { ran: false, posted: [], alreadyPosted: [], failed: [], noChannel: [] };
    const view = await this.plans.view(planId);
    const channels = await this.digests.channels(planId);
    for (const board of view.plan.boards) {
      const due = dueDigest(board, view.plan, asOf);
      if (!due) continue;
      const channel = channels.get(board.id);
      if (!channel) {
        report.noChannel.push(board.id);
        continue;
      }
      if (!(await lease.keep())) return { ...report, why: "the lease was taken over by another instance" };
      const claim = await this.digests.claim(planId, board.id, due.meeting, asOf);
      // A record left pending by a run that died, or a post that failed, is tried again; a posted one never.
      if (!claim.claimed && claim.existing.state === "posted") {
        report.alreadyPosted.push({ boardId: board.id, meeting: due.meeting });
        continue;
      }
      const etag = claim.claimed ? claim.etag : claim.existing.etag;
      const content = await this.service.content(planId, view, board, asOf, due);
      try {
        await this.messenger.post(channel.tenantId, channel.reference, withPlan(digestCard(content), planId));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.log(`Digest for ${board.id} (${due.meeting}) not posted: ${reason}`);
        await this.digests.mark(planId, board.id, due.meeting, etag, { state: "failed", reason });
        report.failed.push({ boardId: board.id, meeting: due.meeting, reason });
        continue;
      }
      await this.digests.mark(planId, board.id, due.meeting, etag, { state: "posted", asOf, snapshot: snapshotOf(view, asOf) });
      report.posted.push({ boardId: board.id, meeting: due.meeting });
    }
    this.observe(planId, report);
    return { ...report, ran: true };
  }
}
