import { InputError } from '../common/errors';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InputError('timezone', `is not an IANA time zone such as "Europe/Paris" or "UTC": "${timezone}"`);
    }
    formatters.set(timezone, format);
  }
  return format;
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timezone: string): number {
  const parts = Object.fromEntries(
    formatter(timezone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)])
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant of the latest local midnight at or before `now` in `timezone`. */
export function startOfDay(now: Date, timezone: string): Date {
  const offset = offsetAt(now.getTime(), timezone);
  const wall = new Date(now.getTime() + offset);
  const wallMidnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  // The offset at midnight can differ from now's across a daylight-saving change.
  return new Date(wallMidnight - offsetAt(wallMidnight - offset, timezone));
}
