"""Stage 5, renderers: JSON, CSV, HTML, PNG, XLSX and GeoPackage.

Also the one place that writes files (files.py). Renderers never compute coverage.

The rule every renderer keeps (issue 10): **no text from any input is ever part of a
template's source.** Names, file names, periods, sources and GeoPackage fields are hostile
until proven otherwise. They never reach `jinja2.Template(...)`, `branca.element.Element(...)`,
folium's or branca's re-rendering of child output, an f-string that becomes HTML or JavaScript
source, or matplotlib text that mathtext would parse. Where this is enforced:

* HTML written by this project (report.py): every text goes through `html.escape` as it is
  placed, and `messages.without_controls` strips control characters from the finished page.
* Map pages (map_html.py): input text reaches a page only through pagedata.py, as one
  JSON document in `<script type="application/json">` that the page's own script reads and
  shows with `textContent`; the page's skeleton is constant text, no template is rendered.
* PNG (map_png.py): input text is drawn with `parse_math=False`.
* JSON (tables.py, validation.py, comparison.py): `json.dumps(..., allow_nan=False)`; JSON
  escapes control characters itself.
* CSV (tables.py): `spreadsheet_safe` on every text cell (formula prefixes neutralised the
  OWASP way, control characters escaped).
* Terminal (cli.py, messages.py): `messages.visible` escapes control characters and
  `InputError.render` keeps an error to one bounded line.

tests/test_hostile.py feeds a hostile corpus through every output and checks the text comes
out literally and nothing runs; a new renderer gets its cases there.
"""
