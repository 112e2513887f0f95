/**
 * Deterministic demo and benchmark data: a county or a whole province of party organizations with real-looking
 * Chinese names, committee terms and secretaries, and their members (valid synthetic ID numbers, encrypted through
 * the crypto provider), flowing members and letters in flight. The same seed (and `today`) gives the same codes,
 * names, structure, people and dates; only the opaque ids and the ciphertexts differ.
 *
 * Data is written by steps, each one function over the generated tree; later modules add their records
 * (members, meetings, dues) by appending a step to DEFAULT_STEPS.
 */
import type { Insertable } from 'kysely';
import type { Db, Executor, FlowingRecordTable, OrgCommitteeMemberTable, OrgTermTable, TransferTable } from '../src/db/schema.ts';
import type { CryptoProvider } from '../src/lib/crypto/provider.ts';
import { addDays, addYears, nowUtc, todayInChina } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { newId } from '../src/lib/ids.ts';
import type { EDUCATIONS, MemberFlag } from '../src/modules/members/member-rules.ts';
import { insertMembers, type MemberRow } from '../src/modules/members/members.repo.ts';
import { BRANCH_KINDS, type OrgDomain, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import { insertOrgs, type OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import { childPath, depthOf } from '../src/modules/orgs/tree.ts';
import { letterNumber, receiptDueOn, validUntil } from '../src/modules/transfers/transfers.rules.ts';
import { hasTerm, termLengthFor } from '../src/policy/terms.ts';
import { transferRulesOn } from '../src/policy/transfers.ts';

// Seeded randomness

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for test data and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** A separate stream per purpose, so adding a step never changes what the others generate. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${label}`) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return h >>> 0;
}

// Names

const PLACE_FIRST = [...'青石河东西南北安平永丰和兴新桃柳杨龙凤金白红黄长大上下前后高岭双三松竹梅花云星宝福寿康宁乐华中广阳明清太古马牛鹿鹤泉湖溪川林'];
const PLACE_SECOND = [...'山水泉湖溪桥林庄营屯坪沟湾岗塘店集堡寨铺坝口头园洼岭川田峪台坡滩坊埠洲'];
const FIRM_WORDS = [...'鑫源恒达宏图盛隆瑞丰华泰中诚信德远航天利金鼎嘉禾汇通启明正阳永辉'];
const INDUSTRIES = ['科技', '建材', '食品', '纺织', '机械', '物流', '农业开发', '化工', '电子', '医药', '商贸', '建筑工程', '新能源', '包装'];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
const GIVEN = [...'建国华军明强伟芳娟敏静丽秀英志红玉兰平刚勇杰涛斌超浩宇晨欣怡雪梅春海波宁辉峰磊鑫德福顺利成林文武国庆振东'];
const DEPARTMENTS = [
  '委办公室', '政府办公室', '委组织部', '委宣传部', '委统战部', '委政法委', '纪委监委', '发展和改革局', '财政局',
  '教育局', '公安局', '民政局', '司法局', '人力资源和社会保障局', '自然资源局', '生态环境局', '住房和城乡建设局',
  '交通运输局', '水利局', '农业农村局', '商务局', '文化和旅游局', '卫生健康委员会', '退役军人事务局', '应急管理局',
  '审计局', '市场监督管理局', '统计局', '医疗保障局', '信访局', '人民法院', '人民检察院', '总工会', '妇联', '科协',
];
const STATE_FIRMS = ['城市建设投资集团有限公司', '交通投资有限公司', '水务集团有限公司', '农业发展投资有限公司', '文化旅游发展有限公司', '供销合作社联合社'];
const SOCIAL_ORGS = ['律师协会', '个体劳动者协会', '慈善总会', '物流行业协会', '会计师协会', '老年大学协会', '红十字会'];
const PROJECTS = ['高速公路建设', '乡村振兴示范片区建设', '棚户区改造', '工业园区标准厂房建设', '水库除险加固', '新城区供水管网建设'];
const HOSPITAL_BRANCHES = ['内科党支部', '外科党支部', '医技党支部', '护理党支部', '行政后勤党支部', '离退休党支部'];
const COMMUNITY_BRANCHES = ['第一网格党支部', '第二网格党支部', '第三网格党支部', '退休党员党支部', '在职党员党支部', '物业党支部'];
const NUMERALS = [...'一二三四五六七八九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99). */
export function chineseNumeral(n: number): string {
  if (n < 1 || n > 99) throw new RangeError(`numeral out of range: ${n}`);
  if (n < 10) return NUMERALS[n - 1] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens - 1]}十${ones === 0 ? '' : NUMERALS[ones - 1]}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// The tree

export interface GeneratedTree {
  seed: number;
  /** The date the data is generated for; dates spread backwards from it. */
  today: string;
  /** Name of the top org's territory, e.g. 安平县 or 江淮省. */
  territory: string;
  /** Parents before children (depth-first), ready for insertion. */
  orgs: OrgRow[];
}

interface OrgSpec {
  code: string;
  name: string;
  kind: OrgKind;
  domain: OrgDomain;
  plannedEndOn?: string;
}

const FOUNDING = '1949-10-01';

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Builds org rows with paths, depths and child counters as bulk insertion needs them. */
class TreeBuilder {
  readonly orgs: OrgRow[] = [];
  private readonly now = nowUtc();
  /** Region names (counties, cities) are unique in the tree; village and township names within a county. */
  private readonly regions = new Set<string>();
  private localPlaces = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly today: string,
  ) {}

  add(parent: OrgRow | null, spec: OrgSpec): OrgRow {
    const seq = parent ? ++parent.child_seq : 1;
    const path = childPath(parent?.path ?? '', seq);
    const temporary = spec.kind === 'temporary';
    let establishedOn: string | null = null;
    if (temporary) establishedOn = addDays(this.today, -this.rng.int(60, 700));
    else if (this.rng.chance(0.6)) {
      // After the parent's own founding when it has one.
      const from = parent?.established_on ?? FOUNDING;
      establishedOn = addDays(from, this.rng.int(0, Math.max(0, daysBetween(from, this.today) - 30)));
    }
    const row: OrgRow = {
      id: newId(),
      code: spec.code,
      name: spec.name,
      kind: spec.kind,
      domain: spec.domain,
      parent_id: parent?.id ?? null,
      path,
      depth: depthOf(path),
      child_seq: 0,
      established_on: establishedOn,
      planned_end_on: temporary && establishedOn ? addDays(establishedOn, this.rng.int(180, 540)) : null,
      dissolved_on: null,
      status: 'active',
      version: 1,
      created_at: this.now,
      updated_at: this.now,
    };
    this.orgs.push(row);
    return row;
  }

  /** A place name (two characters, three once those run out) not used before in its scope. */
  place(scope: 'region' | 'local' = 'local'): string {
    const used = scope === 'region' ? this.regions : this.localPlaces;
    for (let attempt = 0; ; attempt++) {
      const base = this.rng.pick(PLACE_FIRST) + this.rng.pick(PLACE_SECOND);
      const name = attempt < 20 ? base : base + this.rng.pick(PLACE_SECOND);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  }

  startCounty(): void {
    this.localPlaces = new Set();
  }

  firm(): string {
    return `${this.rng.pick(FIRM_WORDS)}${this.rng.pick(FIRM_WORDS)}${this.rng.pick(INDUSTRIES)}有限公司`;
  }

  /** Numbered branches (第一党支部 …) under a committee or general branch, some with 党小组. */
  branches(parent: OrgRow, prefix: string, count: number, groupChance: number, names?: readonly string[]): void {
    for (let i = 1; i <= count; i++) {
      const name = names?.[i - 1] ?? `第${chineseNumeral(i)}党支部`;
      const branch = this.add(parent, {
        code: `${parent.code}-B${i}`,
        name: `${prefix}${name}`,
        kind: 'branch',
        domain: parent.domain as OrgDomain,
      });
      this.groups(branch, groupChance);
    }
  }

  groups(branch: OrgRow, chance: number): void {
    if (!this.rng.chance(chance)) return;
    const count = this.rng.int(2, 4);
    for (let i = 1; i <= count; i++) {
      this.add(branch, { code: `${branch.code}-G${i}`, name: `第${chineseNumeral(i)}党小组`, kind: 'group', domain: branch.domain as OrgDomain });
    }
  }
}

/** The departments of a county, city or province (机关工委 and its branches). */
function addOrgans(b: TreeBuilder, top: OrgRow, territory: string, count: number): void {
  const provincial = territory.endsWith('省');
  const organs = b.add(top, {
    code: `${top.code}-JG`,
    name: `中共${territory}直属机关工作委员会`,
    kind: 'working_committee',
    domain: 'government',
  });
  DEPARTMENTS.slice(0, count).forEach((department, i) => {
    const unit = `${territory}${provincial ? department.replace(/局$/, '厅') : department}`;
    const code = `${organs.code}-D${pad(i + 1, 2)}`;
    if (b.rng.chance(0.2)) {
      const committee = b.add(organs, { code, name: `${unit}机关委员会`, kind: 'party_committee', domain: 'government' });
      b.branches(committee, unit, b.rng.int(2, 4), 0.3);
    } else {
      const branch = b.add(organs, { code, name: `${unit}机关党支部`, kind: 'branch', domain: 'government' });
      b.groups(branch, 0.2);
    }
  });
}

interface Township {
  name: string;
  rural: boolean;
}

/** A county (or urban district): its organs, sector systems and townships/streets down to 党小组. */
function addCounty(b: TreeBuilder, parent: OrgRow | null, code: string, territory: string, size: number, urban: boolean): OrgRow {
  const { rng } = b;
  b.startCounty();
  const county = b.add(parent, { code, name: `中共${territory}委员会`, kind: 'party_committee', domain: 'government' });
  addOrgans(b, county, territory, Math.min(DEPARTMENTS.length, 8 + size));

  const streets = urban ? Math.max(1, Math.round(size * 0.6)) : size >= 4 ? Math.max(1, Math.round(size * 0.15)) : 0;
  const townships: Township[] = [];
  for (let i = 0; i < size; i++) {
    const rural = i >= streets;
    const base = i === 0 && !rural ? '城关' : b.place();
    townships.push({ name: rural ? `${base}${rng.chance(0.7) ? '镇' : '乡'}` : `${base}街道`, rural });
  }

  // Schools and hospitals in vertical systems under the county's education and health committees.
  const education = b.add(county, { code: `${code}-JY`, name: `中共${territory}教育系统委员会`, kind: 'party_committee', domain: 'institution' });
  const schools = [`${territory}第一中学`, `${territory}第二中学`, `${territory}实验小学`, `${territory}职业技术学校`]
    .concat(townships.filter((t) => t.rural).map((t) => `${t.name}中心学校`));
  schools.forEach((school, i) => {
    const schoolCode = `${education.code}-S${pad(i + 1, 2)}`;
    if (i === 0) {
      const general = b.add(education, { code: schoolCode, name: `${school}党总支`, kind: 'general_branch', domain: 'institution' });
      b.branches(general, school, 3, 0.4, ['高一年级党支部', '高二年级党支部', '高三年级党支部']);
    } else {
      b.groups(b.add(education, { code: schoolCode, name: `${school}党支部`, kind: 'branch', domain: 'institution' }), 0.25);
    }
  });
  const health = b.add(county, { code: `${code}-WJ`, name: `中共${territory}卫生健康系统委员会`, kind: 'party_committee', domain: 'institution' });
  const hospital = b.add(health, { code: `${health.code}-H01`, name: `中共${territory}人民医院委员会`, kind: 'party_committee', domain: 'institution' });
  b.branches(hospital, '', HOSPITAL_BRANCHES.length, 0.3, HOSPITAL_BRANCHES);
  const tcm = b.add(health, { code: `${health.code}-H02`, name: `${territory}中医院党总支`, kind: 'general_branch', domain: 'institution' });
  b.branches(tcm, `${territory}中医院`, rng.int(2, 3), 0.2);
  b.add(health, { code: `${health.code}-H03`, name: `${territory}疾病预防控制中心党支部`, kind: 'branch', domain: 'institution' });
  townships
    .filter((t) => t.rural)
    .forEach((t, i) => b.add(health, { code: `${health.code}-C${pad(i + 1, 2)}`, name: `${t.name}卫生院党支部`, kind: 'branch', domain: 'institution' }));

  // State enterprises, and the 两新 (private enterprises and social organizations) committee.
  const assets = b.add(county, { code: `${code}-GZ`, name: `中共${territory}国资委委员会`, kind: 'party_committee', domain: 'state_enterprise' });
  const firms = STATE_FIRMS.slice(0, Math.min(STATE_FIRMS.length, 2 + Math.ceil(size / 4)));
  firms.forEach((firm, i) => {
    const firmCode = `${assets.code}-F${pad(i + 1, 2)}`;
    if (i === 0) {
      const general = b.add(assets, { code: firmCode, name: `${territory}${firm}党总支`, kind: 'general_branch', domain: 'state_enterprise' });
      b.branches(general, '', rng.int(2, 4), 0.2);
    } else {
      b.groups(b.add(assets, { code: firmCode, name: `${territory}${firm}党支部`, kind: 'branch', domain: 'state_enterprise' }), 0.2);
    }
  });
  const newSectors = b.add(county, {
    code: `${code}-LX`,
    name: `中共${territory}非公有制经济组织和社会组织工作委员会`,
    kind: 'working_committee',
    domain: 'private_enterprise',
  });
  const privateCount = 3 + Math.round(size * 1.2);
  for (let i = 1; i <= privateCount; i++) {
    const joint = rng.chance(0.15);
    b.groups(
      b.add(newSectors, {
        code: `${newSectors.code}-E${pad(i, 3)}`,
        name: joint ? `${territory}经济开发区第${chineseNumeral(Math.min(i, 99))}联合党支部` : `${territory}${b.firm()}党支部`,
        kind: joint ? 'joint_branch' : 'branch',
        domain: 'private_enterprise',
      }),
      0.15,
    );
  }
  SOCIAL_ORGS.slice(0, Math.min(SOCIAL_ORGS.length, 2 + Math.floor(size / 4))).forEach((society, i) =>
    b.add(newSectors, { code: `${newSectors.code}-O${pad(i + 1, 2)}`, name: `${territory}${society}党支部`, kind: 'branch', domain: 'social_organization' }),
  );
  const projects = rng.int(1, 3);
  for (let i = 1; i <= projects; i++) {
    const temporary = b.add(newSectors, {
      code: `${newSectors.code}-L${i}`,
      name: `${territory}${rng.pick(PROJECTS)}项目临时党支部`,
      kind: 'temporary',
      domain: rng.chance(0.5) ? 'state_enterprise' : 'private_enterprise',
    });
    b.groups(temporary, 0.3);
  }

  townships.forEach((township, i) => addTownship(b, county, `${code}-${township.rural ? 'T' : 'S'}${pad(i + 1, 2)}`, township));
  return county;
}

function addTownship(b: TreeBuilder, county: OrgRow, code: string, township: Township): void {
  const { rng } = b;
  const { name, rural } = township;
  const top = rural
    ? b.add(county, { code, name: `中共${name}委员会`, kind: 'party_committee', domain: 'rural' })
    : b.add(county, { code, name: `中共${name}工作委员会`, kind: 'working_committee', domain: 'community' });
  b.groups(b.add(top, { code: `${code}-J1`, name: `${name}机关党支部`, kind: 'branch', domain: 'government' }), 0.3);

  if (rural) {
    const villages = rng.int(14, 26);
    for (let i = 1; i <= villages; i++) {
      const village = `${b.place()}村`;
      const villageCode = `${code}-V${pad(i, 3)}`;
      const roll = rng.next();
      if (roll < 0.05) {
        const committee = b.add(top, { code: villageCode, name: `中共${village}委员会`, kind: 'party_committee', domain: 'rural' });
        b.branches(committee, village, rng.int(3, 5), 0.5);
      } else if (roll < 0.45) {
        const general = b.add(top, { code: villageCode, name: `${village}党总支`, kind: 'general_branch', domain: 'rural' });
        b.branches(general, village, rng.int(2, 5), 0.4);
      } else {
        b.groups(b.add(top, { code: villageCode, name: `${village}党支部`, kind: 'branch', domain: 'rural' }), 0.35);
      }
    }
  }
  const communities = rural ? rng.int(0, 2) : rng.int(5, 10);
  for (let i = 1; i <= communities; i++) {
    const community = `${b.place()}社区`;
    const communityCode = `${code}-R${pad(i, 2)}`;
    if (!rural && rng.chance(0.4)) {
      const committee = b.add(top, { code: communityCode, name: `中共${community}委员会`, kind: 'party_committee', domain: 'community' });
      const count = rng.int(2, 5);
      b.branches(committee, community, count, 0.3, COMMUNITY_BRANCHES.slice(0, count));
    } else {
      b.groups(b.add(top, { code: communityCode, name: `${community}党支部`, kind: 'branch', domain: 'community' }), 0.3);
    }
  }
  const firms = rural ? rng.int(0, 2) : rng.int(1, 3);
  for (let i = 1; i <= firms; i++) {
    const building = !rural && rng.chance(0.4);
    b.add(top, {
      code: `${code}-E${i}`,
      name: building ? `${b.place()}商务楼宇联合党支部` : `${name}${b.firm()}党支部`,
      kind: building ? 'joint_branch' : 'branch',
      domain: 'private_enterprise',
    });
  }
  if (rng.chance(0.2)) {
    b.add(top, { code: `${code}-N1`, name: `${name}流动党员网上党支部`, kind: 'online_branch', domain: rural ? 'rural' : 'community' });
  }
}

export interface CountyOptions {
  seed: number;
  /** Number of townships and streets; 15 is a county of about 18,000 members. */
  size?: number;
  today?: string;
}

export function generateCounty(options: CountyOptions): GeneratedTree {
  const today = options.today ?? todayInChina();
  const b = new TreeBuilder(createRng(deriveSeed(options.seed, 'tree')), today);
  const territory = `${b.place('region')}县`;
  const code = `${b.rng.int(11, 65)}${pad(b.rng.int(1, 20), 2)}${pad(b.rng.int(21, 29), 2)}`;
  addCounty(b, null, code, territory, Math.max(1, options.size ?? 15), false);
  return { seed: options.seed, today, territory, orgs: b.orgs };
}

export interface ProvinceOptions {
  seed: number;
  /** Approximate number of orgs in total. */
  targetOrgs: number;
  today?: string;
}

/** A county with its organs and systems holds about this many orgs besides its townships. */
const COUNTY_BASE_ORGS = 110;
const ORGS_PER_TOWNSHIP = 120;

export function generateProvince(options: ProvinceOptions): GeneratedTree {
  const today = options.today ?? todayInChina();
  const b = new TreeBuilder(createRng(deriveSeed(options.seed, 'tree')), today);
  const { rng } = b;
  const territory = `${b.place('region')}省`;
  const code = String(rng.int(11, 65));
  const province = b.add(null, { code, name: `中共${territory}委员会`, kind: 'party_committee', domain: 'government' });
  addOrgans(b, province, territory, DEPARTMENTS.length);

  const cityCount = Math.min(16, Math.max(1, Math.round(options.targetOrgs / 16_000)));
  const cities = Array.from({ length: cityCount }, (_, i) => {
    const name = `${b.place('region')}市`;
    const city = b.add(province, { code: `${code}${pad(i + 1, 2)}`, name: `中共${name}委员会`, kind: 'party_committee', domain: 'government' });
    addOrgans(b, city, name, 20);
    return { city, counties: 0 };
  });

  for (let turn = 0; ; turn++) {
    const remaining = options.targetOrgs - b.orgs.length;
    if (remaining < COUNTY_BASE_ORGS + ORGS_PER_TOWNSHIP / 2) break;
    const slot = cities[turn % cities.length];
    if (!slot) break;
    slot.counties++;
    const urban = slot.counties <= 2;
    const name = `${b.place('region')}${urban ? '区' : '县'}`;
    const fits = Math.max(1, Math.round((remaining - COUNTY_BASE_ORGS) / ORGS_PER_TOWNSHIP));
    const size = Math.min(fits, rng.int(8, 22));
    addCounty(b, slot.city, `${slot.city.code}${pad(slot.counties, 2)}`, name, size, urban);
  }
  return { seed: options.seed, today, territory, orgs: b.orgs };
}

// Steps

export interface StepContext {
  tree: GeneratedTree;
  /** This step's own random stream. */
  rng: Rng;
  /** The installation's field encryption, for steps that write personal data (members). */
  crypto?: CryptoProvider | undefined;
  /** `total` is 0 when a step cannot know it in advance. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface GeneratorStep {
  name: string;
  /** Writes its rows and answers how many. */
  run(ex: Executor, ctx: StepContext): Promise<number>;
}

const SLICE = 10_000;
const CHUNK = 500;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>, ctx: StepContext): Promise<number> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await insert(rows.slice(i, i + CHUNK));
    const done = Math.min(i + CHUNK, rows.length);
    if (done % SLICE < CHUNK || done === rows.length) ctx.onProgress?.(done, rows.length);
  }
  return rows.length;
}

export const orgsStep: GeneratorStep = {
  name: 'orgs',
  run: (ex, ctx) => insertChunked(ctx.tree.orgs, (chunk) => insertOrgs(ex, chunk), ctx),
};

/** Current terms started over the past six years: most running, some due within six months, some overdue. */
export const termsStep: GeneratorStep = {
  name: 'terms',
  run: (ex, ctx) => {
    const { rng, tree } = ctx;
    const now = nowUtc();
    const rows: Insertable<OrgTermTable>[] = [];
    for (const org of tree.orgs) {
      const kind = org.kind as OrgKind;
      if (!hasTerm(kind)) continue;
      const years = termLengthFor(kind, org.domain as OrgDomain, tree.today)?.years ?? 3;
      const length = years * 365;
      const roll = rng.next();
      const ago =
        roll < 0.8
          ? rng.int(30, length - 183)
          : roll < 0.9
            ? rng.int(length - 182, length - 1)
            : rng.int(length + 1, Math.min(6 * 365, length + 365));
      const startedOn = addDays(tree.today, -ago);
      const rule = termLengthFor(kind, org.domain as OrgDomain, startedOn);
      if (!rule) continue;
      rows.push({
        id: newId(),
        org_id: org.id,
        org_path: org.path,
        started_on: startedOn,
        length_years: rule.years,
        ends_on: addYears(startedOn, rule.years),
        rule_id: rule.ruleId,
        is_current: 1,
        created_at: now,
      });
    }
    return insertChunked(rows, (chunk) => ex.insertInto('org_terms').values(chunk).execute(), ctx);
  },
};

function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
}

/** Secretaries (a few posts vacant), and deputies and members for committees and general branches. */
export const committeeStep: GeneratorStep = {
  name: 'committee',
  run: (ex, ctx) => {
    const { rng, tree } = ctx;
    const now = nowUtc();
    const rows: Insertable<OrgCommitteeMemberTable>[] = [];
    const post = (org: OrgRow, position: OrgCommitteeMemberTable['position'], startedOn: string) =>
      rows.push({
        id: newId(),
        org_id: org.id,
        org_path: org.path,
        person_name: personName(rng),
        position,
        started_on: startedOn,
        ended_on: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    for (const org of tree.orgs) {
      const kind = org.kind as OrgKind;
      if (kind === 'group') continue;
      const startedOn = addDays(tree.today, -rng.int(30, 5 * 365));
      if (rng.chance(0.95)) post(org, 'secretary', startedOn);
      if (kind === 'party_committee' || kind === 'working_committee' || kind === 'general_branch') {
        post(org, 'deputy_secretary', startedOn);
        const members = kind === 'general_branch' ? rng.int(1, 3) : rng.int(3, 5);
        for (let i = 0; i < members; i++) post(org, 'member', startedOn);
      }
    }
    return insertChunked(rows, (chunk) => ex.insertInto('org_committee_members').values(chunk).execute(), ctx);
  },
};

// Members

const MALE_GIVEN = [...'建国军明强伟志刚勇杰涛斌超浩宇晨海波宁辉峰磊鑫德福顺利成林文武国庆振东永胜春生金山学良俊鹏飞洪兵'];
const FEMALE_GIVEN = [...'华芳娟敏静丽秀英红玉兰平欣怡雪梅春燕霞萍琴艳玲凤桂珍翠娥莉婷颖佳慧淑琳彩云月娜'];
const OTHER_ETHNICITIES = ['回族', '满族', '壮族', '苗族', '土家族', '蒙古族', '彝族', '朝鲜族'];
const OFFICE_POSTS = ['科员', '科员', '副科长', '科长', '主任科员', '办公室主任', '副局长'];
const TEACHER_POSTS = ['教师', '教师', '班主任', '教研组长', '副校长'];
const MEDICAL_POSTS = ['医师', '主治医师', '护士', '护师', '药师', '检验技师', '科主任'];
const COMPANY_POSTS = ['职员', '技术员', '工程师', '车间主任', '销售经理', '会计', '副总经理'];
const VILLAGE_POSTS = ['村民', '村民', '村民', '村民委员会委员', '村民小组长', '个体经营'];
const DESTINATIONS = ['广东省深圳市', '广东省东莞市', '浙江省杭州市', '江苏省苏州市', '上海市', '北京市', '福建省厦门市', '湖北省武汉市'];

/** A member as the generator makes them: the facts a roster holds, before encryption. */
export interface MemberSeed {
  branch: OrgRow;
  group: OrgRow | null;
  name: string;
  sex: 'male' | 'female';
  ethnicity: string;
  idNumber: string;
  birthDate: string;
  phone: string | null;
  education: (typeof EDUCATIONS)[number];
  workUnit: string | null;
  occupation: string | null;
  householdType: 'urban' | 'rural';
  status: 'probationary' | 'full';
  joinedOn: string;
  fullOn: string | null;
  flags: Record<MemberFlag, boolean>;
}

interface BranchProfile {
  /** Members per branch, before scaling. */
  size: [number, number];
  maleShare: number;
  /** Age bands [share, from, to], shares adding up to 1. */
  ages: readonly (readonly [number, number, number])[];
  rural: boolean;
}

const RETIREE_AGES = [[1, 60, 90]] as const;
const PROFILES: Record<string, BranchProfile> = {
  // Villages: many members over 60, most of them men.
  rural: { size: [14, 44], maleShare: 0.8, ages: [[0.2, 24, 40], [0.25, 41, 55], [0.15, 56, 60], [0.4, 61, 88]], rural: true },
  community: { size: [12, 38], maleShare: 0.58, ages: [[0.2, 25, 40], [0.25, 41, 55], [0.1, 56, 60], [0.45, 61, 88]], rural: false },
  government: { size: [10, 40], maleShare: 0.66, ages: [[0.35, 23, 35], [0.3, 36, 45], [0.25, 46, 55], [0.1, 56, 60]], rural: false },
  institution: { size: [10, 40], maleShare: 0.48, ages: [[0.35, 23, 35], [0.3, 36, 45], [0.25, 46, 55], [0.1, 56, 60]], rural: false },
  state_enterprise: { size: [10, 40], maleShare: 0.72, ages: [[0.3, 23, 35], [0.35, 36, 45], [0.25, 46, 55], [0.1, 56, 60]], rural: false },
  private_enterprise: { size: [3, 12], maleShare: 0.68, ages: [[0.5, 22, 35], [0.35, 36, 45], [0.15, 46, 58]], rural: false },
  social_organization: { size: [3, 9], maleShare: 0.55, ages: [[0.3, 24, 35], [0.4, 36, 50], [0.3, 51, 70]], rural: false },
};
const KIND_SIZES: Partial<Record<OrgKind, [number, number]>> = { joint_branch: [5, 18], temporary: [3, 12], online_branch: [8, 25] };

function profileOf(branch: OrgRow): BranchProfile {
  const base = PROFILES[branch.domain] ?? (PROFILES.government as BranchProfile);
  const size = KIND_SIZES[branch.kind as OrgKind] ?? base.size;
  if (/(离退休|退休党员)党支部$/.test(branch.name)) return { ...base, size, ages: RETIREE_AGES };
  if (branch.kind === 'online_branch') return { ...base, size, ages: [[1, 20, 50]] };
  return { ...base, size };
}

function pickAge(rng: Rng, ages: BranchProfile['ages']): number {
  let roll = rng.next();
  for (const [share, from, to] of ages) {
    if (roll < share) return rng.int(from, to);
    roll -= share;
  }
  const last = ages[ages.length - 1] as readonly [number, number, number];
  return rng.int(last[1], last[2]);
}

function pickEducation(rng: Rng, age: number, profile: BranchProfile, domain: string): MemberSeed['education'] {
  const roll = rng.next();
  if (profile.rural || domain === 'community') {
    if (age >= 60) return roll < 0.72 ? 'junior' : roll < 0.94 ? 'secondary' : 'college';
    return roll < 0.3 ? 'junior' : roll < 0.65 ? 'secondary' : roll < 0.87 ? 'college' : roll < 0.98 ? 'bachelor' : 'graduate';
  }
  if (domain === 'government' || domain === 'institution') {
    return roll < 0.15 ? 'graduate' : roll < 0.75 ? 'bachelor' : roll < 0.95 ? 'college' : 'secondary';
  }
  return roll < 0.05 ? 'graduate' : roll < 0.45 ? 'bachelor' : roll < 0.8 ? 'college' : 'secondary';
}

/** The work unit named by a branch: 某某县财政局机关党支部 → 某某县财政局. */
const unitOf = (branch: OrgRow) => branch.name.replace(/^中共/, '').replace(/(机关)?(第.+)?(联合)?党(支部|总支)$/, '') || null;

function postFor(rng: Rng, branch: OrgRow): string {
  if (/医院|卫生院|疾病预防/.test(branch.name)) return rng.pick(MEDICAL_POSTS);
  if (/学|学校|年级/.test(branch.name)) return rng.pick(TEACHER_POSTS);
  if (branch.domain === 'private_enterprise' || branch.domain === 'state_enterprise') return rng.pick(COMPANY_POSTS);
  if (branch.domain === 'rural') return rng.pick(VILLAGE_POSTS);
  return rng.pick(OFFICE_POSTS);
}

/**
 * The 6-digit region code (ID numbers, GB/T 2260 style) of an org: that of the nearest ancestor whose code is all
 * digits (a county 330521, a city 3305 → 330500, a province 33 → 330000).
 */
function regionCodes(orgs: readonly OrgRow[]): (org: OrgRow) => string {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const memo = new Map<string, string>();
  const regionOf = (org: OrgRow): string => {
    const known = memo.get(org.id);
    if (known) return known;
    const parent = org.parent_id ? byId.get(org.parent_id) : undefined;
    const region = /^\d{2,6}$/.test(org.code) ? org.code.padEnd(6, '0') : parent ? regionOf(parent) : '110000';
    memo.set(org.id, region);
    return region;
  };
  return regionOf;
}

const EPOCH = Date.UTC(1900, 0, 1);
const dayIndex = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH) / 86_400_000);

/**
 * ID numbers unique by construction: per region and birth date a counter per sex gives the sequence (odd for men,
 * even for women), so no set of issued numbers has to be kept.
 */
class IdNumbers {
  private readonly counters = new Map<string, Uint16Array>();

  /** The next ID number, or null when the day is full (499 of one sex). */
  next(region: string, birthDate: string, sex: 'male' | 'female'): string | null {
    let counts = this.counters.get(region);
    if (!counts) {
      counts = new Uint16Array(2 * 60_000);
      this.counters.set(region, counts);
    }
    const slot = dayIndex(birthDate) * 2 + (sex === 'male' ? 0 : 1);
    const used = counts[slot] ?? 0;
    if (used >= 499) return null;
    counts[slot] = used + 1;
    const first17 = `${region}${birthDate.replaceAll('-', '')}${String(used * 2 + (sex === 'male' ? 1 : 2)).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  }
}

export interface MemberPlanOptions {
  /** Scale the branch sizes so that the branches hold about this many members in all. */
  target?: number;
  /** Or scale the branch sizes by this factor. */
  scale?: number;
  /** Only these branches (e.g. the counties of an import file); by default every branch of the tree. */
  branches?: readonly OrgRow[];
}

const branchesOf = (tree: GeneratedTree) => tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind));

/** The members the branches hold on average, before scaling. */
export function expectedMembers(branches: readonly OrgRow[]): number {
  return branches.reduce((n, b) => n + (profileOf(b).size[0] + profileOf(b).size[1]) / 2, 0);
}

/**
 * Members for every branch of the tree, branch by branch, as the people of a real roster look: ages and sexes by
 * domain (villages older and mostly men), education by age, dates that keep the rules (at least 18 at 入党,
 * 转正 one year after, a few percent still probationary), flags that follow from the rest.
 */
export function* memberSeeds(tree: GeneratedTree, rng: Rng, options: MemberPlanOptions = {}): Generator<MemberSeed> {
  const today = tree.today;
  const branches = options.branches ?? branchesOf(tree);
  const groups = new Map<string, OrgRow[]>();
  for (const org of tree.orgs) {
    if (org.kind !== 'group' || !org.parent_id) continue;
    const list = groups.get(org.parent_id) ?? [];
    list.push(org);
    groups.set(org.parent_id, list);
  }
  const expected = expectedMembers(branches);
  const scale = options.scale ?? (options.target && expected > 0 ? options.target / expected : 1);
  const regionOf = regionCodes(tree.orgs);
  const ids = new IdNumbers();
  for (const branch of branches) {
    const profile = profileOf(branch);
    const region = regionOf(branch);
    const count = Math.max(1, Math.round(rng.int(profile.size[0], profile.size[1]) * scale));
    const branchGroups = groups.get(branch.id) ?? [];
    for (let i = 0; i < count; i++) {
      const sex = rng.chance(profile.maleShare) ? 'male' : 'female';
      const age = Math.max(19, pickAge(rng, profile.ages));
      let birthDate = addDays(addYears(today, -age - 1), rng.int(1, 364));
      let idNumber = ids.next(region, birthDate, sex);
      while (!idNumber) {
        birthDate = addDays(birthDate, 1);
        idNumber = ids.next(region, birthDate, sex);
      }
      const probationary = rng.chance(0.03);
      let joinedOn: string;
      if (probationary) joinedOn = addDays(today, -rng.int(10, 360));
      else {
        // Joined between 18 and 40 (or up to last year), converted a year later.
        const joinAge = rng.int(18, Math.max(18, Math.min(age - 2, 40)));
        joinedOn = addDays(addYears(birthDate, joinAge), rng.int(0, 300));
        const latest = addDays(addYears(today, -1), -rng.int(1, 200));
        if (joinedOn > latest) joinedOn = latest;
      }
      const fullOn = probationary ? null : addYears(joinedOn, 1);
      const retiredAge = sex === 'male' ? 60 : 55;
      const retired = !profile.rural && age >= retiredAge;
      const working = !profile.rural && !retired;
      const flags: Record<MemberFlag, boolean> = {
        flowing: branch.kind === 'online_branch' || (profile.rural && age <= 50 && rng.chance(0.12)) || (branch.domain === 'community' && age <= 50 && rng.chance(0.03)),
        hardship: age >= 65 ? rng.chance(profile.rural ? 0.08 : 0.03) : rng.chance(0.005),
        veteran: fullOn !== null && fullOn <= addYears(today, -50),
        inService: working && (branch.domain !== 'community' || rng.chance(0.5)),
        retired,
      };
      const group = branchGroups.length > 0 && rng.chance(0.9) ? rng.pick(branchGroups) : null;
      const hasPhone = rng.chance(age >= 75 ? 0.6 : 0.93);
      yield {
        branch,
        group,
        name: rng.pick(SURNAMES) + rng.pick(sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN) + (rng.chance(0.65) ? rng.pick(sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN) : ''),
        sex,
        ethnicity: rng.chance(0.93) ? '汉族' : rng.pick(OTHER_ETHNICITIES),
        idNumber,
        birthDate,
        phone: hasPhone ? `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` : null,
        education: pickEducation(rng, age, profile, branch.domain),
        workUnit: profile.rural ? null : retired ? null : unitOf(branch),
        occupation: retired ? '退休' : flags.flowing && profile.rural ? '外出务工' : postFor(rng, branch),
        householdType: profile.rural ? (rng.chance(0.95) ? 'rural' : 'urban') : rng.chance(0.85) ? 'urban' : 'rural',
        status: probationary ? 'probationary' : 'full',
        joinedOn,
        fullOn,
        flags,
      };
    }
  }
}

/** The member row of a seed, its ID number and phone encrypted by the installation's provider. */
export function memberRowOf(seed: MemberSeed, crypto: CryptoProvider, now: string): MemberRow {
  return {
    id: newId(),
    org_id: seed.branch.id,
    org_path: seed.branch.path,
    group_id: seed.group?.id ?? null,
    name: seed.name,
    sex: seed.sex,
    ethnicity: seed.ethnicity,
    birth_date: seed.birthDate,
    id_number_enc: crypto.encrypt(seed.idNumber),
    id_number_index: crypto.blindIndex('id-number', seed.idNumber),
    phone_enc: seed.phone ? crypto.encrypt(seed.phone) : null,
    phone_index: seed.phone ? crypto.blindIndex('phone', seed.phone) : null,
    education: seed.education,
    occupation: seed.occupation,
    work_unit: seed.workUnit,
    household_type: seed.householdType,
    status: seed.status,
    joined_on: seed.joinedOn,
    full_on: seed.fullOn,
    is_flowing: seed.flags.flowing ? 1 : 0,
    is_hardship: seed.flags.hardship ? 1 : 0,
    is_veteran: seed.flags.veteran ? 1 : 0,
    is_in_service: seed.flags.inService ? 1 : 0,
    is_retired: seed.flags.retired ? 1 : 0,
    membership: 'active',
    account_id: null,
    verified_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

const MEMBER_SLICE = 2000;

/** Members of every branch (about 18,400 for the default county), inserted in slices so memory stays flat. */
export function membersStepOf(options: MemberPlanOptions = {}): GeneratorStep {
  return {
    name: 'members',
    async run(ex, ctx) {
      const crypto = ctx.crypto;
      if (!crypto) throw new Error('the members step encrypts ID numbers and phones: pass crypto to populate');
      const now = nowUtc();
      let rows: MemberRow[] = [];
      let done = 0;
      for (const seed of memberSeeds(ctx.tree, ctx.rng, options)) {
        rows.push(memberRowOf(seed, crypto, now));
        if (rows.length < MEMBER_SLICE) continue;
        await insertMembers(ex, rows);
        done += rows.length;
        rows = [];
        if (done % SLICE < MEMBER_SLICE) ctx.onProgress?.(done, 0);
      }
      await insertMembers(ex, rows);
      done += rows.length;
      ctx.onProgress?.(done, 0);
      return done;
    },
  };
}

export const membersStep = membersStepOf();

/** Open flowing-member records (流动党员) for the members flagged flowing: where they went, their last report. */
export const flowingStep: GeneratorStep = {
  name: 'flowing',
  async run(ex, ctx) {
    const crypto = ctx.crypto;
    if (!crypto) throw new Error('the flowing step encrypts contacts: pass crypto to populate');
    const { rng, tree } = ctx;
    const now = nowUtc();
    const flowing = await ex
      .selectFrom('members')
      .select(['id', 'org_path', 'joined_on'])
      .where('is_flowing', '=', 1)
      .orderBy('org_path')
      .orderBy('name')
      .orderBy('birth_date')
      .execute();
    const rows: Insertable<FlowingRecordTable>[] = flowing.map((m) => {
      const startedOn = maxDate(m.joined_on, addDays(tree.today, -rng.int(30, 5 * 365)));
      // Most report at least yearly; about one in eight is overdue.
      const reported = rng.chance(0.85) ? addDays(tree.today, -rng.int(1, 330)) : null;
      return {
        id: newId(),
        member_id: m.id,
        org_path: m.org_path,
        destination: rng.pick(DESTINATIONS),
        contact_enc: rng.chance(0.8) ? crypto.encrypt(`1${rng.pick(['3', '5', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`) : null,
        started_on: startedOn,
        ended_on: null,
        last_reported_on: reported && reported > startedOn ? reported : null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
    });
    return insertChunked(rows, (chunk) => ex.insertInto('flowing_records').values(chunk).execute(), ctx);
  },
};

/** A few letters in flight (组织关系转接): introduction letters between branches of the tree, issued lately, still valid. */
export const transfersStep: GeneratorStep = {
  name: 'transfers',
  async run(ex, ctx) {
    const { rng, tree } = ctx;
    const now = nowUtc();
    const branches = branchesOf(tree);
    const candidates = await ex
      .selectFrom('members')
      .select(['id', 'org_id', 'org_path'])
      .where('is_flowing', '=', 0)
      .where('status', '=', 'full')
      .orderBy('org_path')
      .orderBy('name')
      .orderBy('birth_date')
      .limit(2000)
      .execute();
    const count = Math.min(candidates.length, Math.max(1, Math.round(branches.length / 40)));
    const rows: Insertable<TransferTable>[] = [];
    const taken = new Set<string>();
    while (rows.length < count && taken.size < candidates.length) {
      const member = rng.pick(candidates);
      if (taken.has(member.id)) continue;
      taken.add(member.id);
      const to = rng.pick(branches);
      if (to.id === member.org_id) continue;
      const issuedOn = addDays(tree.today, -rng.int(0, 60));
      const rule = transferRulesOn(issuedOn);
      rows.push({
        id: newId(),
        member_id: member.id,
        from_org_id: member.org_id,
        org_path: member.org_path,
        to_org_id: to.id,
        to_org_path: to.path,
        external_destination: null,
        letter_type: 'introduction',
        letter_number: letterNumber(rule.rules.letterPrefix, issuedOn.slice(0, 4), rows.length + 1),
        reason: rng.pick(['工作调动', '迁居', '升学', '退休后随子女居住']),
        issued_on: issuedOn,
        valid_until: validUntil(issuedOn, rule.rules),
        receipt_due_on: receiptDueOn(issuedOn, false, rule.rules),
        rule_id: rule.id,
        state: 'issued',
        received_on: null,
        returned_on: null,
        return_reason: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    return insertChunked(rows, (chunk) => ex.insertInto('transfers').values(chunk).execute(), ctx);
  },
};

const maxDate = (a: string, b: string) => (a > b ? a : b);

export const DEFAULT_STEPS: readonly GeneratorStep[] = [orgsStep, termsStep, committeeStep, membersStep, flowingStep, transfersStep];

export interface StepReport {
  step: string;
  rows: number;
  ms: number;
}

/** Runs the steps in one transaction: the database gets the whole data set or nothing. */
export async function populate(
  db: Db,
  tree: GeneratedTree,
  options: {
    steps?: readonly GeneratorStep[];
    crypto?: CryptoProvider;
    onProgress?: (step: string, done: number, total: number) => void;
  } = {},
): Promise<StepReport[]> {
  const steps = options.steps ?? DEFAULT_STEPS;
  return db.transaction().execute(async (trx) => {
    const reports: StepReport[] = [];
    for (const step of steps) {
      const started = performance.now();
      const rows = await step.run(trx, {
        tree,
        rng: createRng(deriveSeed(tree.seed, step.name)),
        crypto: options.crypto,
        onProgress: options.onProgress ? (done, total) => options.onProgress?.(step.name, done, total) : undefined,
      });
      reports.push({ step: step.name, rows, ms: performance.now() - started });
    }
    return reports;
  });
}
