"""Sending a WhatsApp message: the WhatsApp Business Cloud API when it is set up
(``WHATSAPP_CLOUD_TOKEN`` and ``WHATSAPP_CLOUD_PHONE_NUMBER_ID``), else nothing is sent and the
shop team sends it by hand from a click-to-chat link (``core.whatsapp.wa_link``).

A message outside a conversation the person opened must be an approved template: each message
names its template (``Message.template``) and the body's parameters in order; the templates
to register with Meta are listed in docs/whatsapp-templates.md."""

import httpx
from django.conf import settings


class SendFailed(Exception):
    """The provider refused or did not answer (the task tries again later)."""


class CloudAPI:
    """WhatsApp Business Platform, Cloud API: ``POST /<version>/<phone number id>/messages``."""

    def __init__(self, *, token: str, phone_number_id: str, base_url: str, language: str = "id"):
        self.token, self.phone_number_id = token, phone_number_id
        self.base_url, self.language = base_url.rstrip("/"), language

    def send_template(self, *, to: str, template: str, params: list[str]) -> str:
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": self.language},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
                ],
            },
        }
        try:
            response = httpx.post(
                f"{self.base_url}/{self.phone_number_id}/messages",
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=httpx.Timeout(10.0, connect=3.0),
            )
        except httpx.HTTPError as error:
            raise SendFailed(f"no answer: {error.__class__.__name__}") from error
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code != 200 or not data.get("messages"):
            message = (data.get("error") or {}).get("message", "") if isinstance(data, dict) else ""
            raise SendFailed(f"HTTP {response.status_code} {message}"[:300])
        return str(data["messages"][0].get("id", ""))


def provider() -> CloudAPI | None:
    """The configured WhatsApp service, or None (messages are then sent by hand)."""
    if not (settings.WHATSAPP_CLOUD_TOKEN and settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID):
        return None
    return CloudAPI(
        token=settings.WHATSAPP_CLOUD_TOKEN,
        phone_number_id=settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
        base_url=settings.WHATSAPP_CLOUD_BASE_URL,
    )
