// Which words mean WeChat and which are everyone's: the rule that decides whether an API or SDK name
// is specific enough to flag wherever it appears, and the word lists behind it. A name that is too
// common (`getOrderList`) would squiggle ordinary business code, and users would turn the tool off.
import { DOTTED_IDENTIFIER, IDENTIFIER } from './chars';

/** Below this length an undotted name counts only with a WeChat token in it. */
export const MIN_SINGLE_NAME = 9;

/** Whether a name is specific enough that seeing it in code means the WeChat call. */
export function isDistinctiveName(name: string): boolean {
  if (CLIENT_SIDE_NAMES.has(name)) return false;
  const words = nameWords(name);
  const squashed = words.join('');
  if (WECHAT_TOKENS.some((w) => squashed.includes(w)) || words.includes('tcb')) return true;
  // A cloud-function style `module.method` pair (`wxacode.getUnlimited`) is itself rare.
  if (DOTTED_IDENTIFIER.test(name)) return words.length >= 3 && name.length >= 12;
  if (!IDENTIFIER.test(name) || name.length < MIN_SINGLE_NAME) return false;
  // SKIT's `Execute<Path words>Async` names spell out the path.
  if (/^Execute[A-Z]/.test(name)) return words.length >= 4;
  return name.length >= 12 && words.filter((w) => !COMMON_WORDS.has(w)).length >= 2;
}

/** `shop`, `user-order`: made only of words any code uses (not `wxa`, `cgi-bin`, `tcb`). */
export function isOrdinaryWord(segment: string): boolean {
  return segment.toLowerCase().split(/[-_]/).every((w) => COMMON_WORDS.has(w));
}

/** `getUnlimitedQRCode` → get, unlimited, qrcode; `get_wxa_code` → get, wxa, code. */
function nameWords(name: string): string[] {
  return name
    .replace(/QRCode|QrCode|Qrcode/g, 'Qrcode')
    .split(/[._$\d]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Names that are also Mini Program front-end APIs or button open-types (`open-type="getPhoneNumber"`):
 * in a page's code they are client calls, not server interfaces.
 */
const CLIENT_SIDE_NAMES = new Set([
  'getPhoneNumber', 'getUserInfo', 'getUserProfile', 'login', 'checkSession', 'getSetting', 'openSetting',
  'authorize', 'requestPayment', 'requestSubscribeMessage', 'getLocation', 'chooseImage', 'scanCode',
  'getShareInfo', 'navigateToMiniProgram', 'getAccountInfoSync', 'getRealtimeLogManager', 'createLivePusherContext',
]);

/**
 * Fragments that only WeChat vocabulary contains (compared without case or separators): a name
 * containing one is distinctive even when short (`getShowWxaItem`, `get_paid_unionid`).
 */
const WECHAT_TOKENS = [
  'wxa', 'weanalysis', 'cgibin', 'wxopen', 'weapp', 'wedata', 'cloudbase', 'unionid', 'openpid', 'miniprogram',
  'miniapp', 'wxverify', 'nearbypoi', 'weixin', 'wechat', 'seccheck', 'realtimelog', 'jserr', 'kefu', 'qcloud',
  'componentaccesstoken', 'authorizeraccesstoken', 'subscribemsg', 'subscribemessage', 'uniformmsg', 'uniformmessage',
  'updatablemsg', 'updatablemessage', 'urlscheme', 'urllink', 'redpacket',
];

/**
 * Words any business code uses for its own methods (`getOrderList`, `uploadSingleFile`): a name
 * made only of these, plus at most one other word, is too common to mean a WeChat call.
 */
const COMMON_WORDS = new Set(`
a an the all any by to from of for and or with in on at as is has can do new no not my our own up down out off via
get set add create update delete del remove list query search send upload download submit cancel check apply bind
unbind modify change fetch load save put post push pull open close start stop reset sort batch import export notify
accept reject confirm release revert rollback commit publish generate init execute async sync edit mock test report
invoke share manage handle process verify refund pay print scan register login logout auth decode encode retrieve
select insert view show hide enable disable run find read write use make build parse format render count sum join
leave move copy clear mark finish complete undo redo record speed speedup setup describe call back callback present
active quick replace
user users order orders info infos detail details data status state file files media image images img template
templates tpl product products category categories address phone number name names id ids page pages message
messages msg msgs code codes item items config configs setting settings account accounts domain domains type types
key keys token tokens url urls link links result results record records log logs task tasks quota price prices stock
stocks sku skus spu goods brand brands coupon coupons delivery shop store stores service services function functions
func env envs version versions plan plans app apps api request response text content event events time date group
groups device devices summary trend bill bills balance fund funds withdraw payment payments amount money contact
customer customers member members role roles room rooms comment comments reply replies feedback complaint complaints
reason reasons material materials evidence company companies city cities province bank branch card cards path paths
printer support visit visits scene scenes performance error errors tag tags video videos audio collection collections
database db index security full real daily weekly monthly latest effective server servers jump gray grey official
total options option field fields value values object objects source sources target targets client clients job jobs
queue notice notification notifications admin system table tables row rows column columns session sessions cache
entity entities model models node nodes tree element elements window document form forms input output buffer stream
bytes byte string json xml html http https web site location position map area region timestamp dates day days month
year week hour minute second level score rank picture photo avatar head nickname nick title desc description label
labels texts like flag flags mode rule rules policy permission permissions access right rights privacy extra ext basic
base main default current last first next prev previous old more other each every one two three single multi multiple
v1 v2 v3 v4 part parts chunk chunks range ranges size length width height uri num sn serial return returns refunds
freight shipping shipment express logistics waybill deliver delivered receive received receiver sender mobile email
sms mail captcha verification discount promotion activity activities campaign sale sales after aftersale seller buyer
merchant mall cart spus inventory warehouse cost fee fees charge charges paid transaction trade invoice tax wallet
deposit transfer settlement settle revenue profit finance context application plugin plugins dev live replay feed
public sub cdn usage currency without license pkg package virtual tel identity special op union channel channels
marketing
`.split(/\s+/).filter(Boolean));
