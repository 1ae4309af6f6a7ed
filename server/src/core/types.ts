// The catalog's shapes, as the compiled index holds them (see catalog/schema/*.json).

export interface Text {
  en: string;
  zh?: string;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface PermissionSet {
  id: number;
  name: Text;
  description: Text;
  mutex: boolean;
  agreement: { required: boolean; name?: Text };
  doc: string;
  sources: string[];
  conflicts?: string[];
  notes?: string[];
}

/** An id WeChat pages list that the seed does not describe. */
export interface OutsideId {
  id: number;
  note: string;
}

export interface Interface {
  path: string;
  /** Query values that tell this interface apart from others on the same path (`action=agency_*`). */
  query?: Record<string, string>;
  name: string;
  otherNames?: string[];
  nameDerived?: true;
  title: Text;
  methods: string[];
  /** Any one of these covers the call, unless `allOf`. Empty: no set needed (component token). */
  sets: number[];
  allOf?: true;
  /** Outside-the-seed ids official pages also list; a grant of one covers too. */
  otherSets?: number[];
  aliases?: string[];
  token?: 'authorizer' | 'component';
  doc?: string;
  confidence: Confidence;
  source: string;
  status?: 'withdrawn' | 'frozen' | 'renamed';
  renamedTo?: string;
  note?: string;
}

export interface Family {
  /** A prefix, or a pattern where `*` stands for any characters inside one segment. */
  match: string;
  query?: Record<string, string>;
  sets: number[];
  /** Extra sets that cover read-only calls (last segment starts with a read-only verb). */
  readOnlyAlso?: number[];
  confidence: Confidence;
  source: string;
  note?: string;
}

export interface CatalogIndex {
  version: 1;
  sets: PermissionSet[];
  outside: OutsideId[];
  interfaces: Interface[];
  families: Family[];
  readOnlyVerbs: string[];
  mixedPrefixes: string[];
}

/** What a path resolved to: a listed interface, or a member of a family. */
export type Resolution =
  | { kind: 'interface'; path: string; iface: Interface; coverage: Coverage }
  | { kind: 'family'; path: string; family: Family; coverage: Coverage };

/** Which sets make a call work: any one of `sets`, or all of them when `allOf`. */
export interface Coverage {
  sets: number[];
  allOf: boolean;
}

export type Locale = 'en' | 'zh-cn';
