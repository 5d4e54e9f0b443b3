"""The book's settings, read from ``jobbook.toml`` at the top of the repository.

The file is checked as the data are: every problem (a wrong type, a value out of range, a
missing key, a path that is not a regular file or a folder) is one line of a
:class:`SettingsError`, and all of them are reported at once, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SETTINGS_FILE_NAME = "jobbook.toml"
#: Environment variable that points at another settings file (another municipality).
SETTINGS_ENV = "JOBBOOK_SETTINGS"

#: A settings file is a few dozen lines; anything larger is not one (and is not read into memory).
MAX_SETTINGS_BYTES = 1_000_000
#: The years a book can cover: the tables go back to the 2007 municipal reform, and budget
#: documents plan a few years ahead. Outside this range a year is a typing error.
YEAR_MIN, YEAR_MAX = 1900, 2100
#: Inhabitants of one municipality: more than the whole of Denmark (about 6 million) is a typing
#: error. The population bounds every count of persons in the data (jobbook.data.plausibility).
POPULATION_MAX = 10_000_000
#: One notebook cell: at least a second, at most a day (a cell that needs longer is a fault).
CELL_TIMEOUT_MIN_S, CELL_TIMEOUT_MAX_S = 1, 86_400
#: Statistics Denmark's codes: 3 digits for a municipality, 4 for a region (as in geographies.csv).
_GEOGRAPHY_CODE = re.compile(r"^\d{3,4}$")


class SettingsError(ValueError):
    """The settings file cannot be used; ``problems`` lists every reason, one line each."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    """Municipality, paths and year range; paths are absolute."""

    municipality_name: str
    municipality_short_name: str
    geography_code: str
    region_geography_code: str
    data_dir: Path
    sources_dir: Path
    min_year: int
    max_year: int
    settings_file: Path
    population: int | None = None  # inhabitants: no count of persons in the data can exceed it
    # [publication], optional: the footer of every page (book/_templates/jobbook-footer.html)
    publisher: str = ""
    edition_date: date | None = None
    contact: str = ""
    licence: str = ""  # the licence of text, figures and data, such as "CC BY 4.0"
    licence_url: str = ""  # where the licence is written out (https://...)
    # [build], optional: the longest one notebook cell may run before the build gives up (seconds)
    cell_timeout_s: int = 600

    @property
    def root(self) -> Path:
        """The directory of the settings file (the repository root)."""
        return self.settings_file.parent


def find_settings_file(start: Path | None = None) -> Path:
    """``$JOBBOOK_SETTINGS`` or the nearest ``jobbook.toml`` at or above ``start``."""
    if os.environ.get(SETTINGS_ENV):
        return Path(os.path.abspath(os.environ[SETTINGS_ENV]))
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / SETTINGS_FILE_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no {SETTINGS_FILE_NAME} found in {here} or any parent directory")


def _os_cause(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a settings file; the path is a loop of symbolic links"
    if exc.errno == errno.ENOENT:
        return "a settings file; it does not exist"
    return f"a readable settings file ({exc.strerror or exc})"


def read_settings_text(path: Path) -> str:
    """The text of the settings file: a regular file of at most MAX_SETTINGS_BYTES, in UTF-8.

    The path is checked with ``os.stat`` before it is opened, so a device (``/dev/zero``) is not
    read until memory runs out and a named pipe does not block; the open itself does not block
    either, and the file is checked again once open (it may have been swapped in between).
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SettingsError(path, [_os_cause(exc)]) from None
    except ValueError:  # a NUL character in the path
        raise SettingsError(path, ["a settings file; the path holds a NUL character"]) from None
    problem = _not_a_regular_file(info)
    if problem:
        raise SettingsError(path, [problem])
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise SettingsError(path, [_os_cause(exc)]) from None
    with os.fdopen(descriptor, "rb") as handle:
        problem = _not_a_regular_file(os.fstat(handle.fileno()))
        if problem:
            raise SettingsError(path, [problem])
        data = handle.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise SettingsError(path, [f"a settings file of at most {MAX_SETTINGS_BYTES // 1_000_000} MB; this one "
                                   "is larger"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(path, [f"UTF-8 text; byte {exc.start + 1} is not UTF-8"]) from None


def _not_a_regular_file(info: os.stat_result) -> str | None:
    if stat.S_ISREG(info.st_mode):
        if info.st_size > MAX_SETTINGS_BYTES:
            return (f"a settings file of at most {MAX_SETTINGS_BYTES // 1_000_000} MB; "
                    f"this one is {info.st_size:,} bytes")
        return None
    what = ("a folder" if stat.S_ISDIR(info.st_mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
    return f"a regular settings file; this is {what}"


def _type_name(value: object) -> str:
    """What a TOML value is, in the words of the messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number with decimals"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _shown(value: object) -> str:
    """A value for a message: its repr, at most about 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Checker:
    """Reads keys of the parsed file, noting a problem for each one that is missing or wrong."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.problems: list[str] = []

    def section(self, name: str, required: bool = True) -> dict:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problems.append(f"[{name}]: a section; it is missing")
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{name}: a section [{name}]; found {_type_name(value)}")
            return {}
        return value

    def value(self, section: str, table: dict, key: str, accept: Callable[[object], str | None],
              required: bool = True, default: object = None) -> object:
        """``table[key]`` when ``accept`` finds nothing wrong with it (it returns what was expected)."""
        if key not in table:
            if required and not self.problems_name(section):
                self.problems.append(f"[{section}] {key}: a value; it is missing")
            return default
        expected = accept(table[key])
        if expected:
            self.problems.append(f"[{section}] {key}: {expected}; found {_shown(table[key])} "
                                 f"({_type_name(table[key])})")
            return default
        return table[key]

    def problems_name(self, section: str) -> bool:
        """A problem about the whole section was noted already (its keys are not reported one by one)."""
        return any(p.startswith((f"[{section}]: ", f"{section}: ")) for p in self.problems)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return "text"
    return "text without line breaks or control characters" if re.search(r"[\x00-\x1f\x7f]", value) else None


def _web_address(value: object) -> str | None:
    # an address the footer links to: only https, so a settings file cannot put a script link in every page
    return _text(value) or (None if not value.strip() or re.fullmatch(r"https://[^\s\"'<>]+", value.strip())
                            else "an address starting with https:// (or empty)")


def _name(value: object) -> str | None:
    return _text(value) or ("a name (not empty)" if not value.strip() else None)


def _geography(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _GEOGRAPHY_CODE.match(str(value)):
        return "Statistics Denmark's code of 3 or 4 digits, such as \"326\""
    return None


def _whole(low: int, high: int, what: str) -> Callable[[object], str | None]:
    """A whole number from ``low`` to ``high`` (years are written without thousands separators)."""
    shown = (f"{low} to {high}" if what == "a year" else f"{low:,} to {high:,}")

    def accept(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"{what}: a whole number from {shown}"
        return None
    return accept


def _path_text(value: object) -> str | None:
    return "a path (text, not empty)" if not isinstance(value, str) or not value.strip() or "\0" in value else None


def _edition_date(value: object) -> str | None:
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
        return "a date such as 2026-12-02"
    if isinstance(value, str) and value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "a date written YYYY-MM-DD"
    return None


def _folder(settings_dir: Path, text: str, key: str, problems: list[str]) -> Path:
    """``text`` relative to the settings file, absolute; a problem when it exists but is no folder."""
    try:
        path = (settings_dir / text).resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
        problems.append(f"[paths] {key}: a folder; {text!r} is a loop of symbolic links")
        return settings_dir / text
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path  # not there yet: the commands say so (validate: "a data directory; it does not exist")
    except OSError as exc:
        problems.append(f"[paths] {key}: a folder; {text!r} is a loop of symbolic links" if exc.errno == errno.ELOOP
                        else f"[paths] {key}: a folder; {text!r} cannot be examined ({exc.strerror})")
        return path
    if not stat.S_ISDIR(info.st_mode):
        problems.append(f"[paths] {key}: a folder; {text!r} ({path}) is not a folder")
    return path


def load_settings(path: Path | None = None) -> Settings:
    """Read and check the settings file (by default the one :func:`find_settings_file` finds).

    Raises :class:`SettingsError` listing every problem; nothing is half-read.
    """
    path = Path(os.path.abspath(path or find_settings_file()))
    text = read_settings_text(path)
    path = path.resolve()  # stat succeeded: no loop of links
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(path, [f"TOML ({exc})"]) from None
    check = _Checker(raw)
    municipality, paths, years = check.section("municipality"), check.section("paths"), check.section("years")
    publication, build = check.section("publication", required=False), check.section("build", required=False)
    name = check.value("municipality", municipality, "name", _name)
    short_name = check.value("municipality", municipality, "short_name", _name)
    geography = check.value("municipality", municipality, "geography_code", _geography)
    region = check.value("municipality", municipality, "region_geography_code", _geography)
    population = check.value("municipality", municipality, "population",
                             _whole(1, POPULATION_MAX, "inhabitants"), required=False)
    data_text = check.value("paths", paths, "data_dir", _path_text)
    sources_text = check.value("paths", paths, "sources_dir", _path_text)
    min_year = check.value("years", years, "min_year", _whole(YEAR_MIN, YEAR_MAX, "a year"))
    max_year = check.value("years", years, "max_year", _whole(YEAR_MIN, YEAR_MAX, "a year"))
    if min_year is not None and max_year is not None and min_year > max_year:
        check.problems.append(f"[years] min_year: a year no later than max_year ({max_year}); found {min_year} "
                              "(the two are reversed)")
    publisher = check.value("publication", publication, "publisher", _text, required=False, default="")
    edition_date = check.value("publication", publication, "edition_date", _edition_date, required=False)
    contact = check.value("publication", publication, "contact", _text, required=False, default="")
    licence = check.value("publication", publication, "licence", _text, required=False, default="")
    licence_url = check.value("publication", publication, "licence_url", _web_address, required=False, default="")
    cell_timeout_s = check.value("build", build, "cell_timeout_s",
                                 _whole(CELL_TIMEOUT_MIN_S, CELL_TIMEOUT_MAX_S, "seconds"), required=False,
                                 default=600)
    data_dir = _folder(path.parent, data_text, "data_dir", check.problems) if data_text else None
    sources_dir = _folder(path.parent, sources_text, "sources_dir", check.problems) if sources_text else None
    if check.problems:
        raise SettingsError(path, check.problems)
    if isinstance(edition_date, str):  # a TOML date, or "YYYY-MM-DD" (checked above)
        edition_date = date.fromisoformat(edition_date) if edition_date else None
    return Settings(
        municipality_name=name,
        municipality_short_name=short_name,
        geography_code=str(geography),
        region_geography_code=str(region),
        data_dir=data_dir,
        sources_dir=sources_dir,
        min_year=min_year,
        max_year=max_year,
        settings_file=path,
        population=population,
        publisher=publisher.strip(),
        edition_date=edition_date or None,
        contact=contact.strip(),
        licence=licence.strip(),
        licence_url=licence_url.strip(),
        cell_timeout_s=cell_timeout_s,
    )
