"""Renderers for the analyst report: one self-contained HTML document (prints to A4) and
an Excel workbook with one sheet per table."""

from __future__ import annotations

import base64
import datetime
import html
import io
from typing import Any

import xlsxwriter

from ..analysis.report import Report, Table
from ..messages import counted, decimal, noun, number, percent, text, without_controls

__all__ = ["report_html", "report_xlsx"]

_CSS = """
@page {size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-right {content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #444;}}
body {font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a;
  max-width: 1100px; margin: 0 auto; padding: 16px; line-height: 1.4;}
h1 {font-size: 20pt; margin: 0 0 4px 0;} h2 {font-size: 13pt; margin: 22px 0 4px 0;
  border-bottom: 2px solid #5e3c99; padding-bottom: 2px; break-after: avoid;}
.sub {color: #444; margin: 0 0 10px 0;}
.cards {display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px;
  margin: 8px 0;}
.card {border: 1px solid #ccc; border-radius: 6px; padding: 6px 8px; font-size: 9.5pt;}
.card b {display: block; font-size: 16pt;}
.front figure {margin: 6px 0 0 0; text-align: center;}
.front figure img {max-width: 100%; max-height: 190mm; height: auto;}
.front figcaption {font-size: 9pt; color: #444; text-align: left;}
table.data {border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4px 0 8px 0;}
table.data th, table.data td {border-bottom: 1px solid #ddd; padding: 2px 5px;
  text-align: left; vertical-align: top;}
table.data th {background: #f0ecf7;} table.data td.num {text-align: right; white-space: nowrap;}
thead {display: table-header-group;} tr {break-inside: avoid;}
nav ol {columns: 2; font-size: 9.5pt;}
.appendix {break-before: page;}
footer {margin-top: 24px; color: #444; font-size: 9pt;}
@media print {body {padding: 0; max-width: none;} nav {display: none;}
  .front {break-after: page;} table.data {font-size: 7.5pt;} h2 {margin-top: 14px;}}
"""


def _cell(value: Any, kind: str, lang: str) -> tuple[str, str]:
    """(shown text, raw value) of a cell."""
    if value is None:
        return "", ""
    if kind == "int":
        return number(value, lang), str(int(value))
    if kind == "float":
        digits = 1 if abs(value - round(value)) > 1e-9 else 0
        return decimal(value, lang, digits), repr(float(value))
    if kind == "pct":
        return percent(value, 1, lang), repr(float(value))
    return str(value), str(value)


def _table_html(table: Table, lang: str) -> str:
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for c in table.columns:
            shown, raw = _cell(row.get(c.key), c.kind, lang)
            cls = ' class="num"' if c.kind in ("int", "float", "pct") else ""
            cells.append(f'<td{cls} data-key="{c.key}" data-value="{html.escape(raw)}">'
                         f"{html.escape(shown)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<section id="s-{table.key}"><h2>{html.escape(table.title)}</h2>'
            f"<p>{html.escape(table.intro)}</p>"
            f'<table class="data" id="t-{table.key}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></section>")


def report_html(report: Report, *, map_png: bytes, map_link: str,
                workbook: str = "rapport.xlsx") -> str:
    """The report page. Every piece of text goes through `html.escape` as it is placed, and
    the finished page loses any control character (see render/__init__.py)."""
    return without_controls(_report_html(report, map_png=map_png, map_link=map_link,
                                         workbook=workbook))


def _report_html(report: Report, *, map_png: bytes, map_link: str, workbook: str) -> str:
    """Page 1: title, headline cards and the map; then the tables; long lists in an
    appendix. Tables only in the workbook are named at the end."""
    lang = report.lang
    h = report.headline
    share = _cell(h["covered_share"], "pct", lang)[0] if h["covered_share"] is not None else "?"
    cards = [
        (share, text("rep_headline_covered", lang)),
        (number(h["uncovered"], lang), text(
            "rep_headline_uncovered", lang,
            noun=noun(h["uncovered"], "municipality", lang),
            inh=number(h["uncovered_inhabitants"], lang),
            clusters=counted(h["clusters"], "cluster", lang))),
        (number(h["double"], lang), text(
            "rep_headline_double", lang,
            noun=noun(h["double"], "municipality", lang))),
        (number(h["regions"], lang), text(
            "rep_headline_regions", lang,
            noun=noun(h["regions"], "region", lang),
            n=number(h["municipalities"], lang))),
    ]
    card_html = "".join(f'<div class="card" data-card="{i}"><b>{html.escape(v)}</b>'
                        f"{html.escape(t)}</div>" for i, (v, t) in enumerate(cards))
    shown = [t for t in report.tables if t.placement != "workbook"]
    toc = "".join(f'<li><a href="#s-{t.key}">{html.escape(t.title)}</a></li>' for t in shown)
    png = base64.b64encode(map_png).decode("ascii")
    link = f'<a href="{html.escape(map_link)}">{html.escape(map_link)}</a>'
    intro = html.escape(text("rep_map_intro", lang, link="\x00")).replace("\x00", link)
    only_in_book = ", ".join(t.title for t in report.tables if t.placement == "workbook")
    workbook_note = text("rep_workbook", lang, file=workbook, tables=only_in_book)
    appendix = [t for t in shown if t.placement == "appendix"]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>"
        f'<section class="front" id="s-kaart"><h1>{html.escape(report.title)}</h1>'
        f'<p class="sub">{html.escape(report.subtitle)}</p>'
        f'<div class="cards">{card_html}</div>'
        f'<figure><img alt="{html.escape(text("rep_map", lang))}: '
        f'{html.escape(report.subtitle)}" src="data:image/png;base64,{png}">'
        f"<figcaption>{intro} {html.escape(report.source_line)}</figcaption></figure>"
        f"</section>"
        f"<nav><h2>{html.escape(text('rep_contents', lang))}</h2><ol>{toc}</ol></nav>"
        + "".join(_table_html(t, lang) for t in shown if t.placement == "main")
        + (f'<div class="appendix"><h2>{html.escape(text("rep_appendix", lang))}</h2>'
           + "".join(_table_html(t, lang) for t in appendix) + "</div>" if appendix else "")
        + f"<footer><p>{html.escape(workbook_note)}</p>"
        f"<p>{html.escape(report.source_line)}</p></footer></body></html>\n"
    )


def report_xlsx(report: Report) -> bytes:
    """One sheet per table with a readable name: typed cells (integers as integers,
    shares as percentages), empty cells left empty, a frozen header row, filters and
    column widths that fit the contents."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": report.title, "subject": report.subtitle,
                         "comments": report.source_line,
                         "created": datetime.datetime(2000, 1, 1)})  # fixed: same bytes
    bold = book.add_format({"bold": True, "bg_color": "#F0ECF7", "border": 1,
                            "text_wrap": True, "valign": "top"})
    formats = {"int": book.add_format({"num_format": "#,##0"}),
               "float": book.add_format({"num_format": "#,##0.0"}),
               "pct": book.add_format({"num_format": "0.0%"}), "text": None}
    shown = {"int": lambda v: f"{round(v):,}", "float": lambda v: f"{v:,.1f}",
             "pct": lambda v: f"{100 * v:.1f}%"}
    for table in report.tables:
        sheet = book.add_worksheet(table.sheet)
        widths = [min(len(c.label), 24) for c in table.columns]
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, column.label, bold)
        for r, row in enumerate(table.rows, start=1):
            for col, column in enumerate(table.columns):
                value = row.get(column.key)
                if value is None or value == "":
                    continue  # an empty cell stays empty
                if column.kind == "text":
                    sheet.write_string(r, col, str(value))
                    widths[col] = max(widths[col], min(len(str(value)), 80))
                else:
                    sheet.write_number(r, col, value, formats[column.kind])
                    widths[col] = max(widths[col], len(shown[column.kind](value)))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width + 2)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    book.close()
    return out.getvalue()
