import { CronExpressionParser } from "cron-parser";

// Schedule slots are computed in the policy's own time zone, so "0 2 * * *" in
// Europe/Berlin stays at 02:00 local across daylight-saving changes.

export function latestSlot(cron: string, timeZone: string, now: Date): Date {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  return it.prev().toDate();
}

export function nextSlot(cron: string, timeZone: string, after: Date): Date {
  const it = CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone });
  return it.next().toDate();
}
