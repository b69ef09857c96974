import type { IsoDate } from "../domain/dates";
import type { DueItem } from "../domain/dueItems";
import type { PlanView } from "../domain/view";
import type { CardReply } from "./cards";
import { dueItemRows } from "./dueItemsView";
import { milestoneUpdateCard } from "./milestoneUpdateCard";

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A person's one prompt of the cycle: the update card for their due milestones, and
 * below it everything else due from them (KPI measurements, risk reviews, QI findings,
 * commentary), each with a button that opens its form.
 */
export function promptCard(view: PlanView, milestoneIds: string[], items: DueItem[], asOf: IsoDate, options: { heading: string; intro: string }): CardReply {
  const card = milestoneUpdateCard(view, milestoneIds, asOf, options);
  if (items.length === 0) return card;
  const rows = dueItemRows(view, items);
  const data: Record<string, unknown> & CardReply["data"] = { ...card.data, items: rows };
  if (milestoneIds.length === 0) {
    // Nothing to refresh: the items' own cards are read fresh when opened.
    delete data.refresh;
    data.heading = `This month's plan update: ${count(rows.length, "item", "items")} from you`;
    data.intro = "The board's papers need these from you. Each button opens its form; what you record is kept with your name and the time.";
    data.itemsHeading = "Due from you";
  } else {
    data.itemsHeading = `Also due from you (${count(rows.length, "item", "items")})`;
  }
  return { ...card, data };
}
