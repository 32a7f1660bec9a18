"""The published address of the site: the base of every citation, snippet and absolute link.

In order: ROLLCALL_SITE_URL (the Pages workflow passes configure-pages' base_url), `homepage`
in datasets/datapackage.yaml, the GitHub Pages address of GITHUB_REPOSITORY (set in GitHub
Actions), else none: links then stay root-relative and the data page says so. The address is
never written into the data package itself (the zip must not depend on where it is built).
"""

from __future__ import annotations

import os
import re
from typing import Any, Mapping

ADDRESS_VARIABLE = "ROLLCALL_SITE_URL"
REPOSITORY_VARIABLE = "GITHUB_REPOSITORY"
_REPOSITORY = re.compile(r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")


def pages_address(repository: str) -> str:
    """The GitHub Pages address of `owner/name` ("" if it is not one)."""
    match = _REPOSITORY.fullmatch(repository.strip())
    if not match:
        return ""
    owner, name = match.group(1).lower(), match.group(2)
    if name.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{name}/"


def site_address(metadata: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> str:
    """The configured address, ending in a slash, or "" when none is configured."""
    env = os.environ if environ is None else environ
    for value in (env.get(ADDRESS_VARIABLE, ""), str(metadata.get("homepage") or ""),
                  pages_address(env.get(REPOSITORY_VARIABLE, ""))):
        if value.strip():
            return value.strip().rstrip("/") + "/"
    return ""


def release_page(metadata: Mapping[str, Any], version: str) -> str:
    """A release's page under the published address ("" when no address is configured)."""
    from .. import urls
    base = site_address(metadata)
    return urls.absolute(urls.data_release(version), base) if base else ""
