"""A stylesheet cut to the rules that can match something on the site (issue 21: the theme's
stylesheet is 310 KB, 45 KB gzipped, and Lighthouse found 93 % of it unused on every page).

No CSS parser is installed, so :func:`css_statements` reads the stylesheet itself: the theme's files
are flat (rules, and ``@media``/``@supports``/``@layer``/``@container`` blocks of rules), and the
reader only has to find where each statement ends, minding strings, comments, escapes and nested
braces. It does not judge declarations: they are copied as they are.

A rule is kept when one of its selectors *could* match an element of the site. The test is
deliberately generous (:func:`could_match`): every class, id and element name the selector requires
outside functional pseudo-classes (``:not(.x)``, ``:is(...)``, ``:has(...)``) must occur somewhere
on the site, in a page's HTML or as a word in one of the site's scripts (the classes the theme's and
Bootstrap's JavaScript add at runtime: ``show``, ``collapsing``, ``active``, ``pst-js-only``...).
Whether the parts stand in the right relation is not checked (``.a .b`` stays when both exist
anywhere), nor attributes and states (``[data-theme=dark]``, ``:hover``): so a rule that can apply
is never dropped; only rules for things the site does not have at all (Bootstrap's carousel,
toasts, utility classes no page uses) are.

When the stylesheet cannot be read (an unclosed block, a stray brace), :func:`cut_stylesheet`
raises :class:`CssNotUnderstood` and the caller keeps the original.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: At-rules whose block holds rules (the others, ``@font-face``, ``@keyframes``, ``@page``, hold
#: declarations or keyframes and are judged whole).
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document", "@-moz-document")


class CssNotUnderstood(ValueError):
    """The stylesheet's structure is not what the reader expects."""


@dataclass
class Statement:
    """One statement of a stylesheet: ``prelude { block }``, or ``prelude;`` (``block`` is None)."""
    prelude: str
    block: str | None


def _skip_string(text: str, at: int) -> int:
    quote = text[at]
    i = at + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        if text[i] == "\n":
            raise CssNotUnderstood(f"a string runs past the end of its line at character {at}")
        i += 1
    raise CssNotUnderstood(f"a string is not closed (from character {at})")


def _outside_strings(text: str, *, comments: bool) -> Iterator[tuple[int, str]]:
    """Each character of ``text`` that is not inside a string or escaped, with its position; with
    ``comments``, a comment comes as one item, the whole ``/* ... */``. The one scanner of both readers
    below, so a string or an escape is skipped the same way in a stylesheet and in a selector list."""
    i = 0
    while i < len(text):
        if comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise CssNotUnderstood(f"a comment is not closed (from character {i})")
            yield i, text[i:end + 2]
            i = end + 2
            continue
        char = text[i]
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        if char == "\\":
            i += 2
            continue
        yield i, char
        i += 1


def css_statements(text: str) -> list[Statement]:
    """The statements of ``text`` (a stylesheet or the inside of a grouping block), in order.
    Comments between statements are dropped, but for ``/*! ... */`` (licence notices), which are
    kept as statements of their own (prelude = the comment, block None)."""
    statements: list[Statement] = []
    start, depth, block_start = 0, 0, -1
    prelude = ""
    for i, token in _outside_strings(text, comments=True):
        if token.startswith("/*"):
            if depth == 0 and token.startswith("/*!") and not text[start:i].strip():
                statements.append(Statement(token, None))
                start = i + len(token)
            elif depth == 0 and not text[start:i].strip():
                start = i + len(token)
        elif token == "{":
            if depth == 0:
                prelude, block_start = text[start:i], i + 1
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise CssNotUnderstood(f"a '}}' closes nothing at character {i}")
            if depth == 0:
                statements.append(Statement(prelude.strip(), text[block_start:i]))
                start = i + 1
        elif token == ";" and depth == 0:
            statements.append(Statement(text[start:i].strip(), None))
            start = i + 1
    if depth != 0:
        raise CssNotUnderstood("a block is not closed at the end of the stylesheet")
    if text[start:].strip():
        raise CssNotUnderstood(f"the stylesheet ends inside a statement: {text[start:start + 60]!r}")
    return statements


def split_selectors(prelude: str) -> list[str]:
    """The selectors of a selector list (commas inside brackets, parentheses or strings do not split)."""
    parts, depth, start = [], 0, 0
    for i, char in _outside_strings(prelude, comments=False):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return parts


@dataclass
class SiteVocabulary:
    """Every class, id and element name the site has, and the words of its scripts."""
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    script_words: set[str] = field(default_factory=set)

    def add_html(self, html: str) -> None:
        reader = _VocabularyReader(self)
        reader.feed(html)
        reader.close()

    def add_script(self, code: str) -> None:
        """Every word of a script: the class names it adds, the elements it creates, the ids it
        gives. Words of code (not only of its strings) count too: reading strings out of minified
        JavaScript (regular expressions, templates) could miss one, and a word too many only keeps a
        rule."""
        self.script_words.update(SCRIPT_WORD.findall(code))


SCRIPT_WORD = re.compile(r"[A-Za-z_][\w-]*")


class _VocabularyReader(HTMLParser):
    def __init__(self, vocabulary: SiteVocabulary):
        super().__init__(convert_charrefs=True)
        self.vocabulary = vocabulary
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.vocabulary.elements.add(tag.lower())
        for name, value in attrs:
            if name == "class" and value:
                self.vocabulary.classes.update(value.split())
            elif name == "id" and value:
                self.vocabulary.ids.add(value)
            elif name == "src" and value and value.startswith("data:text/javascript,"):
                from urllib.parse import unquote
                self.vocabulary.add_script(unquote(value.split(",", 1)[1]))
        self.in_script = tag.lower() == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.vocabulary.add_script(data)


#: What a selector requires, outside functional pseudo-classes and attribute selectors.
_FUNCTIONAL = re.compile(r"(?<!\\)::?[\w-]+\(")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_PSEUDO = re.compile(r"(?<!\\)::?[\w-]+")
_IDENT = r"-?(?:[A-Za-z_]|\\.)(?:[\w-]|\\.)*"
_CLASS = re.compile(r"\." + f"({_IDENT})")
_ID = re.compile(r"#" + f"({_IDENT})")
_ELEMENT = re.compile(r"(?:^|(?<=[\s>+~]))" + f"({_IDENT})")


def _without_functional(selector: str) -> str:
    out, i = [], 0
    while True:
        match = _FUNCTIONAL.search(selector, i)
        if not match:
            out.append(selector[i:])
            return "".join(out)
        out.append(selector[i:match.start()])
        depth, j = 1, match.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        if depth:
            raise CssNotUnderstood(f"a parenthesis is not closed in the selector {selector!r}")
        out.append(" ")
        i = j


def _unescaped(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def could_match(selector: str, site: SiteVocabulary) -> bool:
    """False only when ``selector`` requires a class, id or element the site has nowhere."""
    if re.search(r"\\[0-9a-fA-F]", selector):
        return True  # hex escapes: not worth reading, kept
    plain = _PSEUDO.sub(" ", _ATTRIBUTE.sub(" ", _without_functional(selector)))
    words = site.script_words
    for name in map(_unescaped, _CLASS.findall(plain)):
        if name not in site.classes and name not in words:
            return False
    for name in map(_unescaped, _ID.findall(plain)):
        if name not in site.ids and name not in words:
            return False
    for name in _ELEMENT.findall(_CLASS.sub(" ", _ID.sub(" ", plain))):
        name = _unescaped(name).lower()
        if name not in site.elements and name not in words:
            return False
    return True


#: A vendor-prefixed pseudo-class or -element (``::-webkit-scrollbar``): a browser that does not know
#: it drops the whole rule, so a list holding one is never shortened (that would change where it applies).
_VENDOR_PSEUDO = re.compile(r"::?-[a-z]")


def _cut_rules(text: str, site: SiteVocabulary) -> list[str]:
    kept: list[str] = []
    for statement in css_statements(text):
        prelude, block = statement.prelude, statement.block
        if block is None:
            kept.append(prelude if prelude.startswith("/*") else prelude + ";")
        elif prelude.startswith("@"):
            if prelude.lower().startswith(GROUPING_AT_RULES):
                inner = _cut_rules(block, site)
                if inner:
                    kept.append(prelude + "{" + "".join(inner) + "}")
            else:
                kept.append(prelude + "{" + block + "}")
        else:
            prelude = re.sub(r"/\*.*?\*/", "", prelude, flags=re.DOTALL)
            selectors = split_selectors(prelude)
            possible = [s for s in selectors if could_match(s, site)]
            if not possible:
                continue
            if len(possible) < len(selectors) and not _VENDOR_PSEUDO.search(prelude):
                prelude = ",".join(possible)
            kept.append(prelude + "{" + block + "}")
    return kept


_AT_BLOCK = re.compile(r"@(font-face|(?:-webkit-)?keyframes)\b([^{]*)\{")


def _without_unused_at_blocks(css: str) -> str:
    """Without the ``@font-face`` of a family and the ``@keyframes`` of an animation that no kept
    rule names any more."""
    statements = css_statements(css)
    rest = "".join(s.prelude + (s.block or "") for s in statements
                   if not s.prelude.lower().startswith(("@font-face", "@keyframes", "@-webkit-keyframes")))
    kept = []
    for s in statements:
        lower = s.prelude.lower()
        if lower.startswith("@font-face"):
            family = re.search(r"font-family\s*:\s*([^;}]+)", s.block or "")
            name = family.group(1).strip().strip("\"'") if family else ""
            if name and name not in rest:
                continue
        elif lower.startswith(("@keyframes", "@-webkit-keyframes")):
            name = s.prelude.split(None, 1)[1].strip().strip("\"'") if " " in s.prelude else ""
            if name and not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", rest):
                continue
        kept.append(s.prelude + ("{" + s.block + "}" if s.block is not None else
                                 ("" if s.prelude.startswith("/*") else ";")))
    return "".join(kept)


def cut_stylesheet(css: str, site: SiteVocabulary) -> str:
    """``css`` with only the rules that could match something of ``site`` (grouping blocks keep their
    surviving rules and go when none survive; ``@font-face`` and ``@keyframes`` stay when a kept rule
    names them; the source map comment goes, as the map is of the original)."""
    return _without_unused_at_blocks("".join(_cut_rules(css, site)))


# --- the site's stylesheets, cut and published under new names ------------------------------------

#: The stylesheets cut to what the site uses (paths in the site; a ``*`` stands for the digest in a name).
CUT_STYLESHEETS = ("_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css",
                   "_static/mystnb.*.css")
#: The infix of a cut stylesheet's name: ``pydata-sphinx-theme.used-1a2b3c4d.css``.
CUT_INFIX = ".used-"


def site_vocabulary(site: Path) -> SiteVocabulary:
    """The classes, ids and elements of every page of ``site`` and the words of every script in its
    ``_static`` folder (the theme's, Bootstrap's, the extensions', the book's: whatever a page may load)."""
    vocabulary = SiteVocabulary()
    for page in sorted(site.rglob("*.html")):
        vocabulary.add_html(page.read_text(encoding="utf-8", errors="replace"))
    for script in sorted(site.joinpath("_static").rglob("*.js")):
        vocabulary.add_script(script.read_text(encoding="utf-8", errors="replace"))
    return vocabulary


def _originals(site: Path) -> list[Path]:
    found = []
    for pattern in CUT_STYLESHEETS:
        found += [p for p in sorted(site.glob(pattern)) if CUT_INFIX not in p.name]
    return found


def publish_cut_stylesheets(site: Path) -> list[str]:
    """Each of :data:`CUT_STYLESHEETS` cut to what the pages of ``site`` use, written beside the
    original under a new name (``<name>.used-<digest>.css``: a browser holding the full file in its
    cache fetches the new one), and every page pointed at it. A stylesheet that cannot be read is
    left as it is, and the pages keep the original. Returns one line per stylesheet for the build's
    output."""
    vocabulary = site_vocabulary(site)
    renames: dict[str, str] = {}
    lines = []
    for original in _originals(site):
        for stale in original.parent.glob(original.stem + CUT_INFIX + "*.css"):
            stale.unlink()
        text = original.read_text(encoding="utf-8")
        try:
            cut = cut_stylesheet(text, vocabulary)
        except CssNotUnderstood as problem:
            lines.append(f"{original.name}: kept whole, its rules could not be read ({problem})")
            renames[original.name] = original.name  # pages that linked an earlier cut link the original
            continue
        name = f"{original.stem}{CUT_INFIX}{hashlib.sha256(cut.encode()).hexdigest()[:10]}.css"
        original.with_name(name).write_text(cut, encoding="utf-8")
        renames[original.name] = name
        lines.append(f"{original.name}: {len(text) // 1024} KB -> {len(cut) // 1024} KB, only the rules "
                     f"that can match the site ({name})")
    if renames:
        for page in sorted(site.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            linked = pointed_at(html, renames)
            if linked != html:
                page.write_text(linked, encoding="utf-8")
    return lines


def pointed_at(html: str, renames: dict[str, str]) -> str:
    """``html`` with its stylesheet links to the originals in ``renames`` (by file name; with or without
    a ``?digest=`` or ``?v=``, or to an earlier cut) pointed at the cut files."""
    def relink(match: re.Match) -> str:
        folder, stem = match.group(1), match.group(2)
        for original, cut in renames.items():
            if stem == original[: -len(".css")]:
                return f'href="{folder}{cut}"'
        return match.group(0)

    return _STYLESHEET_HREF.sub(relink, html)


_STYLESHEET_HREF = re.compile(r'href="([^"?]*/)?([^"/?]+?)(?:\.used-[0-9a-f]+)?\.css(?:\?[^"]*)?"')
