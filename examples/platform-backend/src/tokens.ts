// Authorizer tokens come from our token service; component-level calls need no permission set.
const COMPONENT_TOKEN_URL = 'https://api.weixin.qq.com/cgi-bin/component/api_authorizer_token?component_access_token=';

export async function authorizerToken(appid: string): Promise<string> {
  const res = await fetch(COMPONENT_TOKEN_URL + process.env.COMPONENT_TOKEN, {
    method: 'POST',
    body: JSON.stringify({ authorizer_appid: appid }),
  });
  const json = (await res.json()) as { authorizer_access_token: string };
  return json.authorizer_access_token;
}
