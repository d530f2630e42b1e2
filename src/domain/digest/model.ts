// The plain data a digest, an alert or a feed is built from. The services fill it from the
// database; the builders only read it. Text fields hold raw source text: builders escape it.

export interface DigestRecipient {
  name: string | null;
  email: string;
  timeZone: string;
  /** Area slugs; empty means all areas. */
  areas: string[];
  frequency: "immediate" | "daily" | "weekly";
  hour: number;
  weekday: number;
}

/** One piece of evidence: an item that matched a milestone. */
export interface EvidenceEntry {
  id: number;
  areaSlug: string;
  areaTitle: string;
  milestoneSlug: string;
  milestoneTitle: string;
  itemTitle: string | null;
  itemUrl: string;
  sourceName: string;
  /** The item's publication time, else when it was first seen. */
  itemDate: Date;
  /** When the evidence was recorded. */
  recordedAt: Date;
  quote: string | null;
  /** Reports a step forward (not merely a mention). */
  progress: boolean;
  score: number;
  review: string;
}

/** A milestone status change and the evidence that caused it. */
export interface StatusChangeEntry {
  id: number;
  areaSlug: string;
  areaTitle: string;
  milestoneSlug: string;
  milestoneTitle: string;
  fromStatus: string;
  toStatus: string;
  reason: string;
  /** rules | evidence | analyst | agenda */
  cause: string;
  at: Date;
  evidence: { title: string | null; url: string; sourceName: string; date: Date }[];
}

/** A dated milestone with the days left (negative when past). */
export interface DeadlineEntry {
  areaSlug: string;
  areaTitle: string;
  milestoneSlug: string;
  milestoneTitle: string;
  /** YYYY-MM-DD */
  due: string;
  daysLeft: number;
  status: string;
}

/** A source that needs attention. */
export interface SourceProblem {
  name: string;
  url: string;
  /** failing | blocked | stale */
  state: string;
  /** The last error in words, if any. */
  message: string | null;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
}

export interface SourceHealth {
  total: number;
  problems: SourceProblem[];
}

export interface MailLinks {
  /** The dashboard's front page. */
  dashboard: string;
  /** The subscriber's own unsubscribe page. */
  unsubscribe: string;
}

export interface BuiltMail {
  subject: string;
  text: string;
  html: string;
}
