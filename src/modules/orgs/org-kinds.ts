/** Org kinds and domains: English codes in data and code, Chinese labels in the UI and in spreadsheets. */
export const ORG_KINDS = [
  'party_committee',
  'working_committee',
  'general_branch',
  'branch',
  'joint_branch',
  'temporary',
  'online_branch',
  'group',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  party_committee: '党委',
  working_committee: '党工委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  temporary: '临时党组织',
  online_branch: '网上党支部',
  group: '党小组',
};

export const ORG_DOMAINS = [
  'rural',
  'community',
  'government',
  'institution',
  'state_enterprise',
  'private_enterprise',
  'social_organization',
] as const;
export type OrgDomain = (typeof ORG_DOMAINS)[number];

export const ORG_DOMAIN_LABELS: Record<OrgDomain, string> = {
  rural: '农村',
  community: '社区',
  government: '机关',
  institution: '事业单位',
  state_enterprise: '国有企业',
  private_enterprise: '非公企业',
  social_organization: '社会组织',
};

/** Kinds that hold members directly and may have 党小组 under them. */
export const BRANCH_KINDS: readonly OrgKind[] = ['branch', 'joint_branch', 'temporary', 'online_branch'];

function lookup<T extends string>(labels: Record<T, string>, value: string): T | null {
  const trimmed = value.trim();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    if (code === trimmed || label === trimmed) return code;
  }
  return null;
}

/** Accepts the English code or the Chinese label (spreadsheets are typed in Chinese). */
export const parseOrgKind = (value: string): OrgKind | null => lookup(ORG_KIND_LABELS, value);
export const parseOrgDomain = (value: string): OrgDomain | null => lookup(ORG_DOMAIN_LABELS, value);
