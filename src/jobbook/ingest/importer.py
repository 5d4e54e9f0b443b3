"""``jobbook import-budget FILE --year YEAR``: tables copied out of a budget document, into data/.

Two layouts are read, as they come out of a PDF as text:

- the account table ("Indsats og ydelsesbudget"): a konto (``055771`` or ``05.57.71``), the
  account's name (it may wrap onto a second line) and one or two Danish-formatted amounts in
  1,000 kr. (``7.332``, ``-95``), under headers such as "Budget 2020 Budget 2021", ending
  with an "I alt" line;
- the recipient table ("Funktion/kategori"): optional function codes, the group's name and one
  count per column ("Faktisk antal 2020", "Budget 2021", ...), with subtotal lines.

Only the columns for ``--year`` are imported. A row that is new is added; a row the scaffold
left empty is filled; a row that already holds the same figure is left alone, so running an
import twice changes nothing. A row that holds a different figure is a conflict: it is
reported and nothing at all is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jobbook.data.dataset import Dataset, display_path
from jobbook.data.findings import Finding
from jobbook.data.konto import KontoCodeError, normalise_konto_code
from jobbook.data.tables import (
    BUDGET_BY_ACCOUNT,
    BUDGET_TOTALS_STATED,
    RECIPIENT_SUBTOTALS_STATED,
    RECIPIENTS,
    TABLES_BY_NAME,
    TableSpec,
)
from jobbook.data.write import DataChanges

AMOUNT = r"[-\u2212\u2013]?\d{1,3}(?:\.\d{3})*|[-\u2013]"
TRAILING_AMOUNT = re.compile(rf"\s+({AMOUNT})\s*$")
ACCOUNT_CODE = re.compile(r"^(\d{6}|\d{1,2}\.\d{2}\.\d{2})\s+(.*)$")
FUNCTION_CODES = re.compile(r"^((?:\d{1,2}\.\d{2}\.\d{2})(?:\s*(?:&|og|,)\s*\d{1,2}\.\d{2}\.\d{2})*)\s+(.*)$")
TOTAL_LINE = re.compile(r"^i\s*alt\b[\s:]*(.*)$", re.IGNORECASE)
COLUMN_LABEL = re.compile(r"(Faktisk|Regnskab|Budget)\b\D{0,20}?(\d{4})", re.IGNORECASE)
BASIS_OF_LABEL = {"faktisk": "actual", "regnskab": "actual", "budget": "budget"}
END_OF_TABLE = re.compile(r"^(kilde|note|anm\.)\b", re.IGNORECASE)
HEADER_START = re.compile(r"^(konto|funktion)", re.IGNORECASE)


class ImportError_(ValueError):
    """The file could not be imported; ``findings`` says where and why."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f.format() for f in findings))


@dataclass(frozen=True)
class Column:
    basis_code: str
    year: int
    label: str  # as printed, for source_location


@dataclass
class ParsedRow:
    line: int
    name: str
    amounts: list[int]
    codes: list[str] = field(default_factory=list)  # canonical konto codes printed on the row


def parse_amount(token: str) -> int:
    token = token.replace("\u2212", "-").replace("\u2013", "-")
    if token == "-":
        return 0  # a dash in a budget table means nothing budgeted
    return int(token.replace(".", ""))


def split_amounts(text: str, count: int) -> tuple[str, list[str]] | None:
    """The text before ``count`` trailing amounts and the amounts; None if there are fewer."""
    tokens: list[str] = []
    rest = text
    while len(tokens) < count:
        match = TRAILING_AMOUNT.search(" " + rest)
        if match is None:
            return None
        tokens.insert(0, match.group(1))
        rest = (" " + rest)[: match.start()].strip()
    return rest, tokens


def join_wrapped(first: str, second: str) -> str:
    """Join a name that wrapped onto the next line (a hyphen at a line break joins the word)."""
    if first.endswith("-") and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}"


def read_columns(header_text: str, file: str, line: int) -> list[Column]:
    """The columns named in the header ("Budget 2021", "Faktisk an-tal 2020", ...)."""
    text = re.sub(r"-\s*\n\s*", "", header_text)
    columns = [Column(BASIS_OF_LABEL[m.group(1).lower()], int(m.group(2)), " ".join(m.group(0).split()))
               for m in COLUMN_LABEL.finditer(text)]
    if not columns:
        raise ImportError_([Finding(file=file, line=line, expected="a header naming the columns, such as "
                                                                  "'Budget 2021' or 'Faktisk antal 2020'")])
    return columns


def parse_table(lines: list[str], file: str, start_pattern: re.Pattern) -> tuple[list[Column], list[ParsedRow],
                                                                                 ParsedRow | None]:
    """Columns, data rows and the total row of a table whose rows start where ``start_pattern`` matches
    or end with as many amounts as there are columns."""
    first = next((i for i, line in enumerate(lines) if start_pattern.match(line.strip())), None)
    if first is None:
        raise ImportError_([Finding(file=file, expected="a table row starting with a konto or function code")])
    # The column header starts at the "Konto" or "Funktion/kategori" line; text above it is prose.
    header_start = max((i for i in range(first) if HEADER_START.match(lines[i].strip())), default=0)
    columns = read_columns("\n".join(lines[header_start:first]), file, header_start + 1)
    # The rows start after the header's last year: a row above the first konto line is still a row.
    years = tuple(str(c.year) for c in columns)
    first = 1 + max(i for i in range(header_start, first) if any(y in lines[i] for y in years))
    rows: list[ParsedRow] = []
    total: ParsedRow | None = None
    problems: list[Finding] = []
    pending: tuple[int, str] | None = None  # a name that continues on the next line
    for index in range(first, len(lines)):
        number, text = index + 1, lines[index].strip()
        if not text:
            continue
        if END_OF_TABLE.match(text):
            break
        total_match = TOTAL_LINE.match(text)
        if total_match and pending is None:
            split = split_amounts("x " + total_match.group(1), len(columns))
            if split is None or split[0] != "x":
                problems.append(Finding(file=file, line=number, value=text,
                                        expected=f"the total line with {len(columns)} amount(s)"))
                continue
            total = ParsedRow(number, "I alt", [parse_amount(t) for t in split[1]])
            break
        if pending is not None and start_pattern.match(text):
            # A new row begins, so the pending one never got its amounts.
            problems.append(Finding(file=file, line=pending[0], value=pending[1],
                                    expected=f"{len(columns)} amount(s) at the end of the row"))
            pending = None
        line_no = pending[0] if pending else number
        joined = join_wrapped(pending[1], text) if pending else text
        split = split_amounts(joined, len(columns))
        if split is None:
            if pending is not None and len(joined) > 300:
                problems.append(Finding(file=file, line=pending[0], value=joined[:80],
                                        expected=f"{len(columns)} amount(s) at the end of the row"))
                pending = None
            else:
                pending = (line_no, joined)
            continue
        pending = None
        name, tokens = split
        rows.append(ParsedRow(line_no, name, [parse_amount(t) for t in tokens]))
    if pending is not None:
        problems.append(Finding(file=file, line=pending[0], value=pending[1],
                                expected=f"{len(columns)} amount(s) at the end of the row"))
    if problems:
        raise ImportError_(problems)
    return columns, rows, total


def columns_for_year(columns: list[Column], year: int, file: str) -> list[int]:
    chosen = [i for i, c in enumerate(columns) if c.year == year]
    if not chosen:
        labels = ", ".join(c.label for c in columns)
        raise ImportError_([Finding(file=file, expected=f"a column for {year}; the table has: {labels}")])
    return chosen


# --- merging ---------------------------------------------------------------------------------

@dataclass
class MergePlan:
    """What an import would do, per data file."""

    appends: dict[str, list[dict]] = field(default_factory=dict)
    fills: dict[str, dict[int, dict]] = field(default_factory=dict)  # file -> row position -> cells
    unchanged: int = 0
    conflicts: list[Finding] = field(default_factory=list)
    still_empty: list[Finding] = field(default_factory=list)  # rows of the year the file has no figure for

    @property
    def added(self) -> int:
        return sum(len(rows) for rows in self.appends.values())

    @property
    def filled(self) -> int:
        return sum(len(rows) for rows in self.fills.values())


def plan_merge(plan: MergePlan, data_dir: Path, spec: TableSpec, new_rows: list[dict], origin: dict[int, str]) -> None:
    """Add to ``plan`` what merging ``new_rows`` into ``spec``'s file means, row by row (rows are
    matched on the table's key; the figure is the table's figure column)."""
    key, value_column = spec.key, spec.figure_column
    path = data_dir / spec.file_name
    _, existing = DataChanges(data_dir).rows(spec)
    index = {tuple(_key_cell(row, k) for k in key): (position, line, row)
             for position, (line, row) in enumerate(existing)}
    matched = {tuple(_key_cell(row, k) for k in key) for row in new_rows}
    years = {str(row["budget_year"]) for row in new_rows}
    for row_key, (_, line, row) in index.items():
        if row.get("budget_year") in years and not row.get(value_column, "").strip() and row_key not in matched:
            plan.still_empty.append(Finding(
                file=display_path(path), line=line, column=value_column, value="", severity="note",
                expected="still empty: the imported table has no figure for this row; fill it in or delete the row"))
    for position, row in enumerate(new_rows):
        found = index.get(tuple(_key_cell(row, k) for k in key))
        if found is None:
            plan.appends.setdefault(spec.file_name, []).append(row)
            continue
        existing_position, line, current = found
        if current.get(value_column, "").strip() == "":
            cells = {c: row[c] for c in row if current.get(c, "").strip() == "" and row[c] not in (None, "")}
            plan.fills.setdefault(spec.file_name, {})[existing_position] = cells
        elif _same_number(current[value_column], row[value_column]):
            plan.unchanged += 1
        else:
            plan.conflicts.append(Finding(
                file=display_path(path), line=line, column=value_column, value=current[value_column],
                expected=f"{row[value_column]} as {origin[position]} gives; the row is not changed "
                         "(correct one of them, or delete the row to import it)"))


def _key_cell(row: dict, column: str) -> str:
    value = str(row.get(column, "")).strip()
    if column == "konto_code" and value:
        try:
            return normalise_konto_code(value)
        except KontoCodeError:
            return value
    return value


def _same_number(a: str, b) -> bool:
    try:
        return float(str(a).strip()) == float(b)
    except ValueError:
        return False


def apply_plan(plan: MergePlan, data_dir: Path) -> None:
    """Write the plan's fills and new rows: every file it touches, or none."""
    changes = DataChanges(data_dir)
    for file_name, cells in plan.fills.items():
        changes.replace_cells(TABLES_BY_NAME[file_name.removesuffix(".csv")], cells)
    for file_name, rows in plan.appends.items():
        changes.append(TABLES_BY_NAME[file_name.removesuffix(".csv")], rows)
    changes.commit()


# --- the two layouts -------------------------------------------------------------------------

def import_accounts(lines: list[str], file: str, ds: Dataset, year: int, source_id: str, location: str,
                    plan: MergePlan) -> None:
    columns, rows, total = parse_table(lines, file, ACCOUNT_CODE)
    chosen = columns_for_year(columns, year, file)
    problems, new_rows, origin = [], [], {}
    known = set(ds["chart_of_accounts"]["konto_code"])
    for row in rows:
        match = ACCOUNT_CODE.match(row.name)
        if match is None:
            problems.append(Finding(file=file, line=row.line, value=row.name,
                                    expected="a konto code (such as 055771 or 05.57.71) at the start of the row"))
            continue
        try:
            code = normalise_konto_code(match.group(1))
        except KontoCodeError:
            problems.append(Finding(file=file, line=row.line, value=match.group(1), expected="a konto code"))
            continue
        if code not in known:
            problems.append(Finding(file=file, line=row.line, value=match.group(1),
                                    expected=f"a konto in chart_of_accounts.csv ({code} is not); add it there first"))
            continue
        for i in chosen:
            origin[len(new_rows)] = f"{file}:{row.line}"
            new_rows.append({"budget_year": year, "basis_code": columns[i].basis_code, "konto_code": code,
                             "konto_name_printed": match.group(2).strip(), "amount_dkk_1000": row.amounts[i],
                             "source_id": source_id, "source_location": f"{location}, kolonnen {columns[i].label}"})
    if problems:
        raise ImportError_(problems)
    plan_merge(plan, ds.data_dir, BUDGET_BY_ACCOUNT, new_rows, origin)
    if total is not None:
        totals = [{"budget_year": year, "basis_code": columns[i].basis_code, "total_name_printed": "I alt",
                   "amount_dkk_1000": total.amounts[i], "source_id": source_id,
                   "source_location": f"{location}, linjen I alt, kolonnen {columns[i].label}"} for i in chosen]
        plan_merge(plan, ds.data_dir, BUDGET_TOTALS_STATED, totals,
                   dict.fromkeys(range(len(totals)), f"{file}:{total.line}"))


def _normal(name: str) -> str:
    return " ".join(name.replace("-\n", "").casefold().split())


def import_recipients(lines: list[str], file: str, ds: Dataset, year: int, source_id: str, location: str,
                      plan: MergePlan) -> None:
    starts = re.compile(rf"^(?:\d{{1,2}}\.\d{{2}}\.\d{{2}}|[A-ZÆØÅ].*?(?:\s+(?:{AMOUNT}))+\s*$)")
    columns, rows, _ = parse_table(lines, file, starts)
    chosen = columns_for_year(columns, year, file)
    groups = ds["recipient_groups"]
    by_name = {_normal(n): code for n, code in zip(groups["group_name_printed"], groups["group_code"], strict=True)}
    parents = set(groups["parent_group_code"].dropna())
    problems, leaves, subtotals, origin_leaf, origin_sub = [], [], [], {}, {}
    for row in rows:
        match = FUNCTION_CODES.match(row.name)
        name = match.group(2) if match else row.name
        code = by_name.get(_normal(name)) or by_name.get(_normal(name.replace("- ", "")))
        if code is None:
            problems.append(Finding(file=file, line=row.line, value=name,
                                    expected="the name of a group in recipient_groups.csv; add the group there first"))
            continue
        target, origin = (subtotals, origin_sub) if code in parents else (leaves, origin_leaf)
        for i in chosen:
            origin[len(target)] = f"{file}:{row.line}"
            target.append({"group_code": code, "budget_year": year, "basis_code": columns[i].basis_code,
                           "persons": row.amounts[i], "source_id": source_id,
                           "source_location": f"{location}, kolonnen {columns[i].label}"})
    if problems:
        raise ImportError_(problems)
    plan_merge(plan, ds.data_dir, RECIPIENTS, leaves, origin_leaf)
    plan_merge(plan, ds.data_dir, RECIPIENT_SUBTOTALS_STATED, subtotals, origin_sub)


def detect_layout(lines: list[str]) -> str:
    for line in lines:
        text = line.strip()
        if ACCOUNT_CODE.match(text) and re.match(r"^\d{6}\b", text):
            return "accounts"
        if "funktion/kategori" in text.casefold() or FUNCTION_CODES.match(text):
            return "recipients"
    return "accounts"


def import_budget_text(path: Path, ds: Dataset, year: int, source_id: str, location: str | None,
                       layout: str = "auto", dry_run: bool = False) -> MergePlan:
    """Read ``path`` and merge its rows for ``year`` into the data directory of ``ds``."""
    file = display_path(path)
    if not path.is_file():
        raise ImportError_([Finding(file=file, expected="a text file with the table copied out of the document")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("latin-1")
    lines = text.splitlines()
    if source_id not in set(ds["sources"]["source_id"]):
        raise ImportError_([Finding(file=display_path(Path(ds.data_dir) / "sources.csv"), value=source_id,
                                    expected="a source_id listed in sources.csv (`jobbook new-year` adds one to "
                                             "fill in)")])
    layout = detect_layout(lines) if layout == "auto" else layout
    plan = MergePlan()
    if layout == "accounts":
        import_accounts(lines, file, ds, year, source_id, location or "Tabellen over budget pr. konto", plan)
    else:
        import_recipients(lines, file, ds, year, source_id, location or "Tabellen over antal ydelsesmodtagere",
                          plan)
    if plan.conflicts:
        raise ImportError_(plan.conflicts)
    if not dry_run:
        apply_plan(plan, Path(ds.data_dir))
    return plan
