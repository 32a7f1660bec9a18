"""Where the project's inputs and outputs live, relative to the repository root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """The folders one build reads and writes."""

    root: Path

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def releases(self) -> Path:
        """Frozen data releases (zip + changes) and their index; see docs/releases.md."""
        return self.root / "releases"


def default_project() -> Project:
    return Project(Path.cwd() if (Path.cwd() / "datasets").is_dir() else REPO)
