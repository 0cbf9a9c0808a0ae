import { assumeAnyRole } from './assume-any-role';
import { codeAndDefinitionChange } from './code-and-definition-change';
import { dataReadWildcard } from './data-read-wildcard';
import { dataZoneExternalRead } from './data-zone-external-read';
import { iamPermissionsWrite } from './iam-permissions-write';
import { notActionAllow } from './not-action-allow';
import { passRoleWildcard } from './pass-role-wildcard';
import { policyWrite } from './policy-write';
import { publicPrincipal } from './public-principal';
import type { Rule } from './rule';
import { servicePrincipalUnscoped } from './service-principal-unscoped';
import { writeOnStar } from './write-on-star';

export type { Rule, RuleContext } from './rule';

/**
 * The rule pack the access analysis runs, by category. A pack is just a list: add a rule file and list
 * it here. Rule ids are unique (a test checks).
 */
export const IAM_RISK_PACK: readonly Rule[] = [
  // privilege escalation
  passRoleWildcard,
  iamPermissionsWrite,
  assumeAnyRole,
  notActionAllow,
  // data exfiltration
  dataReadWildcard,
  dataZoneExternalRead,
  // resource exposure
  publicPrincipal,
  policyWrite,
  servicePrincipalUnscoped,
  // infrastructure modification
  codeAndDefinitionChange,
  writeOnStar,
];
