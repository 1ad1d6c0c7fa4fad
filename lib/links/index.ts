// lib/links: shortlinks on KV — creating them, following them (with click analytics in one
// atomic commit), reading their stats, and watching them live. Key layout: keys.ts.
// Every function takes the Kv to use, so tests (and tools) can bring their own.

export { createLink, createLinkOnce, type CreateLinkInput, type CreateLinkContext, type CreateLinkResult } from "./create";
export { takeLinkToken, LINK_RATE_RULES, type LinkRateSubject } from "./rate";
export { resolveLink, resolveLinkFresh, forgetLink, isExpired, publicLink } from "./resolve";
export { updateLink, ownedLink, ownsLink, type LinkChanges } from "./manage";
export { deleteLink } from "./delete";
export { recordClick, recordBotHit, type Click } from "./click";
export { clickCounts, CLICK_RATE } from "./click-rate";
export { clicksRecorded } from "./click-count";
export { followLink, type FollowOptions, type FollowOutcome } from "./follow";
export { answerRedirect, redirectHeaders, type RedirectAnswer } from "./redirect";
export { serveRedirect, frontRedirects } from "./redirect-front";
export { describeVisit, referrerDomain, countryFrom, visitCountry, parseUserAgent, type Visit } from "./visit";
export { readVisit } from "./read-visit";
export { getLinkStats } from "./stats";
export { getLinkAnalytics, exportClicks, type LinkAnalytics, type ClicksExport } from "./analytics/read";
export { liveStats } from "./analytics/live-view";
export { parseAnalyticsQuery, type AnalyticsQuery } from "./analytics/query";
export { linkStatsFeed, watchLinkStats, linkFeedMetrics, type LinkStatsUpdate, type LinkFeedMetrics } from "./watch-stats";
export { watchClickCounts, MAX_WATCHED_CODES, type ClickCountsUpdate } from "./watch-counts";
export { listVisitorLinks, MAX_VISITOR_LINKS } from "./visitor-links";
export { LinkError, type LinkErrorCode } from "./errors";
export {
  validateTargetUrl,
  validateCustomCode,
  validateExpireIn,
  isPossibleCode,
  withDefaultScheme,
  canonicalCode,
  RESERVED_CODES,
  MAX_URL_LENGTH,
} from "./validate";
export { createLinkBody, updateLinkBody, parseCodesParam, type CreateLinkBody, type UpdateLinkBody } from "./schemas";
export { shortUrl } from "./short-url";
export { notFoundPage, expiredPage, blockedPage, pausedPage } from "./status-page";
export { safeRedirectTarget } from "./redirect-target";
export type {
  LinkRecord,
  DeletedLinkRecord,
  Link,
  PublicLink,
  VisitorLink,
  LinkStats,
  LinkStatsWithView,
  SeriesPoint,
  TimeSeries,
  NamedCount,
  RecentClick,
  ClickDetails,
  DeviceType,
  AnalyticsView,
  RangeSeries,
  RangeName,
  Filters,
  FilterDimension,
} from "./types";
