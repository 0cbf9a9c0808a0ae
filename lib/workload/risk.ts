import { ACCESS_PURPOSES, ACTOR_ROLES, AccessPurpose, ActorRole, PII_CLASSES, PiiClass, RiskLevel } from './event-schema';

/**
 * Access-risk score of one access, 0-100. Pure. The score grows with how sensitive the data is, who
 * touched it, why, and whether it crossed an account boundary:
 *
 *   score = min(100, round(sensitivity × role × purpose × (cross-account ? 1.5 : 1)) + roleBase + (cross-account ? 10 : 0))
 *
 * so non-PII data scores 0 for an in-account service, but an external partner or a cross-account
 * read is never "free". The weights are a documented policy, not a law; they live here so a security
 * architect can read and change them in one place.
 */
const SENSITIVITY: Readonly<Record<PiiClass, number>> = {
  none: 0,
  name: 3,
  email: 4,
  phone: 4,
  address: 5,
  financial: 8,
  health: 10,
  government_id: 10,
};

const ROLE_MULTIPLIER: Readonly<Record<ActorRole, number>> = {
  service: 1,
  data_engineer: 1.5,
  ml_engineer: 1.5,
  analyst: 2,
  admin: 2.5,
  external_partner: 4,
};

const ROLE_BASE: Readonly<Record<ActorRole, number>> = {
  service: 0,
  data_engineer: 0,
  ml_engineer: 0,
  analyst: 0,
  admin: 5,
  external_partner: 15,
};

const PURPOSE_MULTIPLIER: Readonly<Record<AccessPurpose, number>> = {
  monitoring: 0.5,
  inference: 1,
  training: 1,
  analytics: 1.5,
  debugging: 2,
  export: 3,
};

/** Lower bounds of each level: [0,20) low, [20,45) medium, [45,70) high, [70,100] critical. */
export const RISK_THRESHOLDS = { medium: 20, high: 45, critical: 70 } as const;

export function riskScore(classification: PiiClass, role: ActorRole, purpose: AccessPurpose, crossAccount: boolean): number {
  const raw = SENSITIVITY[classification] * ROLE_MULTIPLIER[role] * PURPOSE_MULTIPLIER[purpose] * (crossAccount ? 1.5 : 1);
  return Math.min(100, Math.round(raw) + ROLE_BASE[role] + (crossAccount ? 10 : 0));
}

export function riskLevel(score: number): RiskLevel {
  if (score >= RISK_THRESHOLDS.critical) return 'critical';
  if (score >= RISK_THRESHOLDS.high) return 'high';
  if (score >= RISK_THRESHOLDS.medium) return 'medium';
  return 'low';
}

/**
 * All scores precomputed, flat-indexed by `riskIndex`: the processor looks a score up per event
 * instead of redoing the float math.
 */
export const RISK_TABLE: readonly number[] = (() => {
  const t: number[] = [];
  for (const c of PII_CLASSES) {
    for (const r of ACTOR_ROLES) {
      for (const p of ACCESS_PURPOSES) {
        t.push(riskScore(c, r, p, false), riskScore(c, r, p, true));
      }
    }
  }
  return t;
})();

/** Index into RISK_TABLE from the enums' positions in PII_CLASSES, ACTOR_ROLES and ACCESS_PURPOSES. */
export function riskIndex(classIdx: number, roleIdx: number, purposeIdx: number, crossAccount: boolean): number {
  return ((classIdx * ACTOR_ROLES.length + roleIdx) * ACCESS_PURPOSES.length + purposeIdx) * 2 + (crossAccount ? 1 : 0);
}
