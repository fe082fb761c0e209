/**
 * Every alarm threshold in one place, each with why it is set where it is (docs/INFRASTRUCTURE.md
 * "Alarms" lists them for operators).
 */
import { Duration } from 'aws-cdk-lib';

export const ALARM_THRESHOLDS = {
  /** Public API: percentage of requests answered 5xx, per 5 minutes, two periods in a row. */
  apiServerErrorPercent: 5,
  /** Below this many requests in 5 minutes the 5xx rate is noise (one failure in three calls). */
  apiMinimumRequests: 20,
  /** Authorizer errors (every one is a 503 to a caller) per 5 minutes: more than a lone JWKS blip. */
  authorizerErrors: 5,
  /** Unhandled errors (crash, timeout, failed cold start) of any other function per 5 minutes. */
  functionErrors: 1,
  /** Throttled invocations of any function per 5 minutes: callers already got 429 or 500. */
  functionThrottles: 1,
  /** Data API failures logged at ERROR (each a 5xx to a caller) per 5 minutes. */
  dataApiErrors: 5,
  /** Aurora ACUUtilization (percentage of the configured maximum), sustained for 15 minutes. */
  auroraCapacityPercent: 95,
} as const;

/** The period of every alarm. */
export const ALARM_PERIOD = Duration.minutes(5);
