import { count } from "../domain/plural";
import type { CardReply } from "./cards";

/** What `forget <person>` removes, as its confirmation card words it (the same as the CLI's forget does: src/app/forgetPerson.ts). */
const DELETED = [
  "the link between them and their Teams user",
  "their conversation references (the personal chat Plan Tracker messages them in)",
  "their Azure AD object id as a prompt's recipient",
  "their admin rows (they stop being an admin of any plan)",
  "what Teams told Plan Tracker about their team memberships",
];
const KEPT =
  "History stays: every entry they made is kept, with their Azure AD object id replaced by a pseudonym, and the forget itself is recorded (who, when, which plan person). The plan keeps their name as the plan shows it. Email matching will not link them again; a plan admin can still link them by hand.";

/** `forget <person>` (plan admins): what would be deleted, and Confirm forget (nothing is deleted before it is pressed). */
export function forgetConfirmCard(person: { id: string; name: string }, link: { teamsName: string; aadObjectId: string }, planId: string): CardReply {
  return {
    card: "forget",
    data: {
      heading: `Forget ${person.name}'s Teams identity?`,
      summary: `${person.name} is linked to the Teams user ${link.teamsName} in plan ${planId}. Confirm forget deletes, from every Plan Tracker table:`,
      items: DELETED,
      kept: KEPT,
      confirm: { personId: person.id, linkedTo: link.aadObjectId },
      buttons: [{ title: "People", command: "people" }],
    },
  };
}

/** After Confirm forget: what was done, and the pseudonym history now shows. */
export function forgetDoneCard(person: { id: string; name: string }, report: { deleted: number; rewritten: number; pseudonym: string }): CardReply {
  return {
    card: "forget",
    data: {
      heading: `Forgot ${person.name}'s Teams identity`,
      summary: `${count(report.deleted, "row")} deleted and ${count(report.rewritten, "row")} rewritten. Their history entries now show ${report.pseudonym}.`,
      items: [],
      kept: "",
      confirm: null,
      buttons: [{ title: "People", command: "people" }],
    },
  };
}
