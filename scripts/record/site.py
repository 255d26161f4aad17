"""Where the record is published: the site's address, name and build date, and its URL scheme.

Pages address each other with site-relative URLs ("timeline/<id>/", "sources/<id>/#p3");
``Site.absolute`` turns them into the permanent addresses writers cite.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .errors import Problem, RecordError


@dataclass(frozen=True)
class Site:
    url: str  # absolute address of the site root, ending in "/"
    name: str
    build_date: dt.date
    description: str = ""

    def absolute(self, site_relative: str) -> str:
        return self.url + site_relative

    @staticmethod
    def from_config(url: str, name: str, description: str | None = None) -> Site:
        """The site as mkdocs.yml sets it (``site_url``, ``site_name``), built today."""
        return Site(url if url.endswith("/") else url + "/", name, Site.today(), description or "")

    @staticmethod
    def today() -> dt.date:
        """The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            try:
                return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
            except (ValueError, OverflowError, OSError):
                raise RecordError(
                    [
                        Problem(
                            "SOURCE_DATE_EPOCH",
                            f"'{epoch}' is not a time (seconds since 1970)",
                            "Set it to a whole number of seconds, e.g. $(date +%s), or unset it.",
                        )
                    ]
                ) from None
        return dt.datetime.now(dt.UTC).date()


def event_url(event_id: str) -> str:
    return f"timeline/{event_id}/"


def source_url(source_id: str) -> str:
    return f"sources/{source_id}/"


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


def organization_url(organization_id: str) -> str:
    return f"organizations/{organization_id}/"


def paragraph_url(source_id: str, anchor: str) -> str:
    return f"sources/{source_id}/#{anchor}"
