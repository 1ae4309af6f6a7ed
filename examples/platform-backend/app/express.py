"""Waybills for shops that ship with WeChat Logistics."""
import requests

API = "https://api.weixin.qq.com"


def create_waybill(token: str, order: dict) -> dict:
    url = f"{API}/cgi-bin/express/business/order/add?access_token={token}"
    return requests.post(url, json=order, timeout=10).json()


def track(token: str, waybill_id: str, delivery_id: str) -> dict:
    return requests.post(
        API + "/cgi-bin/express/business/path/get",
        params={"access_token": token},
        json={"waybill_id": waybill_id, "delivery_id": delivery_id},
        timeout=10,
    ).json()
