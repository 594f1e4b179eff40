"""Minimal valid PDFs written byte by byte, for loader and limit tests."""

from __future__ import annotations


def serialise(objects: dict[int, bytes], trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (numbered 1..n, object 1 the catalog) with a correct xref table;
    `trailer` adds entries to the trailer dictionary (e.g. b" /Info 7 0 R")."""
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (size, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def one_page(stream: bytes, stream_entries: bytes = b"") -> bytes:
    """A one-page PDF in Helvetica whose content stream is `stream` (already encoded with the
    filter that `stream_entries`, e.g. b" /Filter /FlateDecode", names)."""
    return serialise(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            4: b"<< /Length %d%s >>\nstream\n" % (len(stream), stream_entries)
            + stream
            + b"\nendstream",
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        }
    )
