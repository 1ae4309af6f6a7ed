import axios from 'axios';
import { authorizerToken } from './tokens';

const WXA_HOST = 'https://api.weixin.qq.com';

/** A Mini Program code for a shop's table, scene = table id. */
export async function tableCode(appid: string, table: string): Promise<Buffer> {
  const token = await authorizerToken(appid);
  const res = await axios.post(
    `${WXA_HOST}/wxa/getwxacodeunlimit?access_token=${token}`,
    { scene: `t=${table}`, page: 'pages/menu/index', check_path: false },
    { responseType: 'arraybuffer' },
  );
  return Buffer.from(res.data);
}

/** Live rooms are created for shops that sell during broadcasts. */
export async function createLiveRoom(appid: string, room: { name: string; startTime: number; endTime: number }) {
  const token = await authorizerToken(appid);
  const { data } = await axios.post(`https://api.weixin.qq.com/wxaapi/broadcast/room/create?access_token=${token}`, room);
  if (data.errcode === 61007) throw new Error('live broadcast set not granted');
  return data.roomId as number;
}
