"""Which folders are projects, and which of their files hold data (notes such as README.md do not)."""
from __future__ import annotations

from pathlib import Path

from pipelines.i18n import Message
from pipelines.load.batch import LoadFailed
from pipelines.project_page import looks_like_project_page
from pipelines.validate import kind_from_name

# notes beside the data (README, FACIT) are not data files; any other file type gets a message
NOTE_SUFFIXES = (".md", ".markdown", ".rst")


def data_files(folder: Path) -> list[Path]:
    """The files in a project folder that could hold data (hidden files and notes such as .md skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.suffix.lower() not in NOTE_SUFFIXES)


def is_project_page(path: Path) -> bool:
    """A .txt file that is an ESF project-bank page rather than a tab-separated table."""
    if path.suffix.lower() != ".txt" or kind_from_name(path.stem) not in (None, "project"):
        return False
    # by content: a page may be called projekt.txt, and labels copied from the browser may be tab-separated
    with path.open("rb") as handle:
        return looks_like_project_page(handle.read(65536))


def has_project_file(folder: Path) -> bool:
    """True when the folder holds a project-facts file or a project-bank page."""
    return any(kind_from_name(p.stem) == "project" or is_project_page(p) for p in data_files(folder))


def discover_projects(raw_dir: Path) -> list[Path]:
    """The project folders in RAW_DIR: RAW_DIR itself, or its sub-folders that hold files."""
    if not raw_dir.is_dir():
        raise LoadFailed(Message("loader.files.no_folder", folder=str(raw_dir)))
    # folders starting with "_" or "." (archives, bad examples) are skipped
    folders = sorted(p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and data_files(p))
    # a folder of project folders may hold a stray note at the top; a project folder has its own files
    if data_files(raw_dir) and (not folders or has_project_file(raw_dir)):
        return [raw_dir]
    if not folders:
        raise LoadFailed(Message("loader.files.no_data_files", folder=str(raw_dir)))
    return folders
