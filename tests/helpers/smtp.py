"""A real SMTP server in the test process: aiosmtpd on a free loopback port, keeping every
message it receives, so tests read the email the shop sent and follow its link."""

from __future__ import annotations

import email
import re
import socket
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class _Keeper:
    """aiosmtpd handler: every accepted message, parsed, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A loopback port nothing listens on (free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Start with `start()`, stop with `stop()`; `messages` is what arrived, in order.
    smtplib waits for the server's answer to DATA, and the answer comes after the message
    is kept: once the shop's send returns, the message is here."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._keeper = _Keeper()
        self.port = free_port()
        self._controller = Controller(self._keeper, hostname=self.host, port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self._keeper.messages

    @property
    def envelopes(self) -> list[tuple[str, list[str]]]:
        return self._keeper.envelopes

    def clear(self) -> None:
        self._keeper.messages.clear()
        self._keeper.envelopes.clear()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def settings(self) -> dict:
        """App settings that send the shop's email here."""
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port, "MAIL_TIMEOUT": 5}


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The one link in a message's text."""
    links = LINK.findall(body_of(message))
    assert len(links) == 1, links
    return links[0]
