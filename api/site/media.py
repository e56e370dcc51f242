"""The sign-language videos an editor put into ``KIPNI_SIGN_LANGUAGE_DIR``.

The folder is the whole configuration: each ``NAME.mp4`` or ``NAME.webm`` is a video, a
``NAME.vtt`` beside it its German captions, and the captions' first line
(``WEBVTT Was die KIP NI ist``) its title. The service serves the files itself, so no
third-party player or host is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTIONS_TYPE = "text/vtt"
SERVED_TYPES = {**VIDEO_TYPES, ".vtt": CAPTIONS_TYPE}
# Names a URL can carry without encoding; anything else in the folder is ignored.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
TITLE_BYTES = 1024


@dataclass(frozen=True, slots=True)
class Video:
    name: str
    media_type: str
    title: str
    captions: str | None


def _title(stem: str, captions: Path | None) -> str:
    """The text after ``WEBVTT`` on the captions' first line, else the file name."""
    if captions is not None:
        with captions.open("rb") as file:
            first = file.read(TITLE_BYTES).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
        if first and first[0].startswith("WEBVTT") and first[0][6:7] in (" ", "\t"):
            title = first[0][7:].strip()
            if title:
                return title
    return re.sub(r"^\d+[-_ ]*", "", stem).replace("-", " ").replace("_", " ").strip() or stem


def _files(folder: Path | None) -> dict[str, Path]:
    if folder is None or not folder.is_dir():
        return {}
    return {
        path.name: path
        for path in folder.iterdir()
        if path.is_file() and SAFE_NAME.match(path.name) and path.suffix.lower() in SERVED_TYPES
    }


def videos(folder: Path | None) -> list[Video]:
    """The videos in the folder, ordered by file name."""
    files = _files(folder)
    found = []
    for name in sorted(files):
        path = files[name]
        media_type = VIDEO_TYPES.get(path.suffix.lower())
        if media_type is None:
            continue
        captions = files.get(path.stem + ".vtt")
        found.append(
            Video(
                name=name,
                media_type=media_type,
                title=_title(path.stem, captions),
                captions=captions.name if captions else None,
            )
        )
    return found


def served_file(folder: Path | None, name: str) -> tuple[Path, str] | None:
    """The file and its media type, if ``name`` is a video or captions file of the folder."""
    path = _files(folder).get(name)
    if path is None:
        return None
    return path, SERVED_TYPES[path.suffix.lower()]
