"use client";
// A moment on the shortlink pages, in the viewer's own time zone. The server renders it in
// UTC (it cannot know the zone) and so does hydration; the browser's zone takes over right
// after (useTimeZone), so there is no hydration mismatch and no blank before the first paint.

import { useTimeZone } from "@/lib/client/hooks/useTimeZone";
import { formatDateTime, formatFullDateTime } from "./format";

export function LocalDateTime({ iso, testId }: { iso: string; testId?: string }) {
  const timeZone = useTimeZone();
  return (
    <time dateTime={iso} title={formatFullDateTime(iso, timeZone)} data-testid={testId} data-time-zone={timeZone}>
      {formatDateTime(iso, timeZone)}
    </time>
  );
}
