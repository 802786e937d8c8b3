"""REFI-QDA projects (.qdpx): export a tixi project, import one made by NVivo, ATLAS.ti, MAXQDA, QualCoder.

Export writes ``project.qde`` (valid against Project-mrt2019.xsd, shipped beside this file)
and one UTF-8 plain-text file per document under ``sources/``: the normalised text, so that
REFI-QDA positions (Unicode code points from 0, end exclusive) are tixi's offsets. Users,
codebook, variables and cases (case attributes), sources with their selections and codings,
and memos (as notes) are written. GUIDs are derived from tixi ids, so exporting twice gives
the same file.

Import reads everything first (``read_project``: untrusted input, see safe_zip and safe_xml),
then adds the sources as documents and stores codes, cases, codings and memos in one
transaction. It tolerates the known vendor deviations: ``Sources/`` or ``sources/``, a BOM in
text files, CRLF, namespace variants, an XML file named ``<name>.qde``, ATLAS.ti counting CRLF
as one character, NVivo counting characters beyond U+FFFF as two.
"""

from tixi.exchange.qdpx_export import build_project_xml, export_qdpx
from tixi.exchange.qdpx_import import import_qdpx, read_project, schema

__all__ = ["build_project_xml", "export_qdpx", "import_qdpx", "read_project", "schema"]
