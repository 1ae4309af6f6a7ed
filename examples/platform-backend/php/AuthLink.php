<?php
// Builds the link that asks a Mini Program admin to authorize us, offering only the sets we use.
function authLink(string $componentAppid, string $preAuthCode, string $redirect): string
{
    return 'https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=' . $componentAppid
        . '&pre_auth_code=' . $preAuthCode
        . '&redirect_uri=' . urlencode($redirect)
        . '&auth_type=2&category_id_list=17|18|19|30|45|52';
}
