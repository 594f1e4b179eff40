"""Stage "load": every supported format, and every way a file can be unusable."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from profilechat.config import Config
from profilechat.errors import DocumentError
from profilechat.loaders import SUPPORTED_SUFFIXES, iter_corpus, load_document, normalise_text

from .pdfs import one_page, serialise

CONFIG = Config()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def load(path: Path, root: Path, config: Config = CONFIG):
    return load_document(path, root, config)


def load_error(path: Path, root: Path, config: Config = CONFIG) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path, root, config)
    assert caught.value.source == path.relative_to(root).as_posix()
    return caught.value.reason


def make_pdf(pages: list[list[str]], title: str = "", author: str = "") -> bytes:
    """A minimal valid PDF: one Helvetica text object per page, a correct xref table."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] "
            f"/Count {len(pages)} >>"
        ).encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info_id: f"<< /Title ({escape(title)}) /Author ({escape(author)}) >>".encode(),
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = " ".join(f"({escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode()
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_id + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>"
        ).encode()
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return serialise(objects, b" /Info %d 0 R" % info_id)


def make_positioned_pdf(lines: list[tuple[float, float, str]]) -> bytes:
    """A one-page PDF whose text pieces sit at the given (x, y) points, Helvetica 12."""
    shown = " ".join(
        f"BT /F1 12 Tf {x} {y} Td ({text.replace('(', '[').replace(')', ']')}) Tj ET"
        for x, y, text in lines
    )
    return one_page(shown.encode())


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    # RC4 needs no optional crypto package, unlike AES
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- text


def test_utf8_text_document(tmp_path: Path) -> None:
    data = "Jane Doe  \r\n\r\nI work on café\x07 robots.\r\nTabs\tstay.\n".encode()
    path = write(tmp_path, "sub/jane.txt", data)
    doc = load(path, tmp_path)
    assert doc.source == "sub/jane.txt"
    assert doc.text == "Jane Doe\n\nI work on café robots.\nTabs\tstay."
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.metadata == {}
    assert doc.person == ""


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", "\ufeffJane Doe".encode())
    assert load(path, tmp_path).text == "Jane Doe"


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Un café à Zürich, naïve.".encode("latin-1"))
    assert load(path, tmp_path).text == "Un café à Zürich, naïve."


def test_cp1252_quotes_are_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "quotes.txt", "“Hello” – it’s me".encode("cp1252"))
    assert load(path, tmp_path).text == "“Hello” – it’s me"


def test_normalise_text_keeps_blank_lines_between_sections() -> None:
    assert normalise_text("\n\nA  \r\rB\x0c\n\n\nC\n\n") == "A\n\nB\n\n\nC"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x01\x02\x03\x04abc" * 200],
    ids=["nul-bytes", "control-bytes"],
)
def test_binary_junk_with_txt_suffix_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "junk.txt", data)
    assert load_error(path, tmp_path) == "not a text file (binary content)"


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t "], ids=["zero-bytes", "whitespace"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "empty.txt", data)
    assert load_error(path, tmp_path) == "empty file"


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 2048)
    reason = load_error(path, tmp_path, Config(max_file_bytes=1024))
    assert reason == "file is larger than the 1 KB limit"


def test_default_size_limit_message(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * (CONFIG.max_file_bytes + 1))
    assert load_error(path, tmp_path) == "file is larger than the 10 MB limit"


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.xyz", b"data")
    assert load_error(path, tmp_path) == "unsupported file type .xyz"


# --------------------------------------------------------------------------- markdown


def test_markdown_front_matter_goes_to_metadata(tmp_path: Path) -> None:
    text = "---\nname: Jane Doe\nupdated: 2024-05-01\ntags: [ml, systems]\n---\n# About\n\nHi."
    doc = load(write(tmp_path, "jane.md", text), tmp_path)
    assert doc.metadata == {"name": "Jane Doe", "updated": "2024-05-01", "tags": ["ml", "systems"]}
    assert doc.text == "About\n\nHi."
    assert doc.headings == (0,)


def test_markdown_bad_front_matter_is_ignored(tmp_path: Path) -> None:
    text = "---\nname: [unclosed\n---\n# Jane Doe\n"
    doc = load(write(tmp_path, "bad.md", text), tmp_path)
    assert doc.metadata == {}
    assert "Jane Doe" in doc.text


def test_markdown_front_matter_that_is_not_a_mapping_is_ignored(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "rule.md", "---\njust a line\n---\nBody"), tmp_path)
    assert doc.metadata == {}
    assert doc.text.endswith("Body")


def test_markdown_alias_bomb_front_matter_is_ignored(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    text = "---\n" + "\n".join(levels) + "\n---\nBody text"
    doc = load(write(tmp_path, "bomb.md", text), tmp_path)
    assert doc.metadata == {}


def test_markdown_with_only_front_matter_has_no_text(tmp_path: Path) -> None:
    path = write(tmp_path, "only.md", "---\nname: Jane Doe\n---\n")
    assert load_error(path, tmp_path) == "no extractable text"


# --------------------------------------------------------------------------- html

PAGE = """<!DOCTYPE html>
<html><head>
  <title>Jane Doe - Homepage</title>
  <meta name="Author" content="Jane Doe">
  <style>body { color: red; }</style>
  <script>var secret = "SCRIPT TEXT";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/blog">Blog NAV</a></nav>
  <div role="navigation">Skip to ROLE NAV</div>
  <header><h1>Jane Doe</h1></header>
  <!-- a comment that must not show -->
  <p>I build <a href="#">distributed
     systems</a> at <b>Acme</b>.</p>
  <h2>Education</h2>
  <ul><li>PhD, MIT</li><li>BSc, ETH</li></ul>
  <noscript>Enable JS NOSCRIPT</noscript>
  <form><button>Send FORM</button></form>
  <footer>Contact: jane@example.org</footer>
  <script>document.write("MORE SCRIPT")</script>
</body></html>
"""


def test_html_keeps_visible_text_and_drops_the_rest(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "jane.html", PAGE), tmp_path)
    for hidden in ("SCRIPT", "color: red", "NAV", "NOSCRIPT", "FORM", "comment"):
        assert hidden not in doc.text
    lines = doc.text.split("\n")
    assert "Jane Doe" in lines
    assert "Education" in lines
    assert "I build distributed systems at Acme." in lines
    assert "• PhD, MIT" in lines and "• BSc, ETH" in lines
    assert "Contact: jane@example.org" in lines
    assert "\n\n\n" not in doc.text
    assert doc.metadata == {"title": "Jane Doe - Homepage", "author": "Jane Doe"}


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.htm", "<html><body><script>x()</script></body></html>")
    assert load_error(path, tmp_path) == "no extractable text"


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    html = "<div>" * 3000 + "Deep text" + "</div>" * 3000
    doc = load(write(tmp_path, "deep.html", html), tmp_path)
    assert doc.text == "Deep text"


# --------------------------------------------------------------------------- pdf


def test_pdf_text_and_metadata(tmp_path: Path) -> None:
    data = make_pdf([["Jane Doe", "Research scientist (robotics)"]], "My CV", "Jane Doe")
    doc = load(write(tmp_path, "cv.pdf", data), tmp_path)
    assert "Jane Doe" in doc.text
    assert "Research scientist (robotics)" in doc.text
    assert doc.metadata["title"] == "My CV"
    assert doc.metadata["author"] == "Jane Doe"
    assert doc.metadata["pages"] == 1
    assert "truncated_pages" not in doc.metadata


def test_pdf_pages_beyond_the_limit_are_skipped(tmp_path: Path) -> None:
    data = make_pdf([["First page"], ["Second page"], ["Third page"]])
    doc = load(write(tmp_path, "long.pdf", data), tmp_path, Config(max_pdf_pages=2))
    assert "Second page" in doc.text
    assert "Third page" not in doc.text
    assert doc.metadata["truncated_pages"] == 1


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf([["Secret text"]]), user_password="secret")
    assert load_error(write(tmp_path, "locked.pdf", data), tmp_path) == "PDF is encrypted"


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf([["Open text"]]), user_password="")
    assert "Open text" in load(write(tmp_path, "owner.pdf", data), tmp_path).text


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"not a pdf at all", b"%PDF-1.7\n" + bytes(300)],
    ids=["truncated", "not-pdf", "nul-body"],
)
def test_broken_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    assert load_error(write(tmp_path, "broken.pdf", data), tmp_path) == "PDF could not be read"


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "scan.pdf", buffer.getvalue())
    assert load_error(path, tmp_path) == "no extractable text"


# --------------------------------------------------------------------------- docx


def test_docx_paragraphs_headings_tables_and_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Jane Doe"
    document.core_properties.title = "Curriculum Vitae"
    document.add_paragraph("I design robots.")
    document.add_heading("Education", level=1)
    document.add_paragraph("PhD in Robotics, MIT.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2015–2020", "PhD, MIT"
    table.cell(1, 0).text, table.cell(1, 1).text = "2011–2015", "BSc, ETH"
    path = tmp_path / "jane.docx"
    document.save(str(path))

    doc = load(path, tmp_path)
    assert doc.text == (
        "I design robots.\n\nEducation\n\nPhD in Robotics, MIT.\n\n"
        "2015–2020 · PhD, MIT\n2011–2015 · BSc, ETH"
    )
    assert doc.headings == (len("I design robots.\n\n"),)
    assert doc.metadata == {"title": "Curriculum Vitae", "author": "Jane Doe"}


def test_docx_compression_ratio_bomb_is_refused(tmp_path: Path) -> None:
    data = zip_bytes({"word/document.xml": b" " * (4 * 1024 * 1024)})
    path = write(tmp_path, "bomb.docx", data)
    assert load_error(path, tmp_path) == "DOCX looks like a decompression bomb"


def test_docx_total_size_bomb_is_refused(tmp_path: Path) -> None:
    # below the per-member ratio threshold, above 50 × max_file_bytes in total
    data = zip_bytes({"word/document.xml": b"<w/>" * 250_000})
    path = write(tmp_path, "big.docx", data)
    reason = load_error(path, tmp_path, Config(max_file_bytes=15_000))
    assert reason == "DOCX looks like a decompression bomb"


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.docx", b"PK\x03\x04 this is not really a zip file")
    assert load_error(path, tmp_path).startswith("DOCX could not be read")


def test_docx_zip_without_word_document_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "other.docx", zip_bytes({"hello.txt": b"hello"}))
    assert load_error(path, tmp_path).startswith("DOCX could not be read")


def test_docx_with_damaged_xml_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Hello")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed"
    path = write(tmp_path, "damaged.docx", zip_bytes(members))
    assert load_error(path, tmp_path) == "DOCX could not be read"


# --------------------------------------------------------------------------- corpus


def test_iter_corpus_splits_supported_and_unsupported(tmp_path: Path) -> None:
    for name in ("b.txt", "a.PDF", "sub/c.md", "sub/deeper/d.html", "notes.xyz", "img.png"):
        write(tmp_path, name, b"x")
    for hidden in (".hidden.txt", ".git/config.txt", "sub/.cache/e.md"):
        write(tmp_path, hidden, b"x")
    supported, unsupported = iter_corpus(tmp_path)
    relative = [p.relative_to(tmp_path).as_posix() for p in supported]
    assert relative == ["a.PDF", "b.txt", "sub/c.md", "sub/deeper/d.html"]
    assert sorted(p.name for p in unsupported) == ["img.png", "notes.xyz"]


def test_supported_suffixes() -> None:
    assert {
        ".txt",
        ".md",
        ".markdown",
        ".tex",
        ".pdf",
        ".html",
        ".htm",
        ".docx",
    } == SUPPORTED_SUFFIXES


def test_shipped_corpus_loads() -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    supported, unsupported = iter_corpus(corpus)
    assert supported and not unsupported
    for path in supported:
        doc = load(path, corpus)
        assert doc.text.strip()
        assert "\r" not in doc.text


# --------------------------------------------------------------------------- clean text


def test_pdf_running_footer_page_numbers_and_hyphenation(tmp_path: Path) -> None:
    pages = [
        [
            "Jane Doe",
            "Research",
            "I build robots that learn to walk on uneven ground and distri-",
            "buted systems that keep them safe on the way.",
            "2019 - 2021 Postdoc, ETH Zurich",
            "Jane Doe - CV 1",
        ],
        ["Teaching", "Robotics 101 at ETH Zurich", "2", "Jane Doe - CV 2"],
        ["Service", "Reviewer for robotics venues", "Page 3 of 3", "Jane Doe - CV 3"],
    ]
    doc = load(write(tmp_path, "cv.pdf", make_pdf(pages)), tmp_path)
    assert doc.text == (
        "Jane Doe\nResearch\n\n"
        "I build robots that learn to walk on uneven ground and distributed systems that keep "
        "them safe on the way.\n"
        "2019 - 2021 Postdoc, ETH Zurich\n\n"
        "Teaching\nRobotics 101 at ETH Zurich\n\n"
        "Service\nReviewer for robotics venues"
    )


def test_pdf_entries_stay_apart_and_wrapped_lines_join(tmp_path: Path) -> None:
    lines = [
        (72, 720, "Jane Doe"),
        (72, 690, "Research Engineer, Acme"),
        (480, 690, "2019 - 2021"),
        (72, 676, "I build robots that pick fruit on farms and I lead the team I joined in"),
        (72, 662, "2020 and that has grown since then."),
        (72, 634, "Teaching Assistant, ETH"),
        (480, 634, "2015 - 2019"),
        (72, 620, "Taught robotics."),
        (72, 606, "2016 Best teaching award"),
    ]
    doc = load(write(tmp_path, "entries.pdf", make_positioned_pdf(lines)), tmp_path)
    assert doc.text == (
        "Jane Doe\n\n"
        "Research Engineer, Acme · 2019 - 2021\n"
        "I build robots that pick fruit on farms and I lead the team I joined in 2020 and that "
        "has grown since then.\n\n"
        "Teaching Assistant, ETH · 2015 - 2019\n"
        "Taught robotics.\n"
        "2016 Best teaching award"
    )


def test_pdf_scaled_by_its_text_matrix_reads_as_words(tmp_path: Path) -> None:
    # Design tools export text at font size 1 scaled up by the text matrix, often tracked
    # (letter-spaced): the gaps between letters are not column gaps.
    shown = (
        "BT /F1 1 Tf 0.2 Tc 24 0 0 24 72 720 Tm (JANE DOE) Tj ET "
        "BT /F1 1 Tf 0.05 Tc 11 0 0 11 72 690 Tm (Product designer at Acme since 2019.) Tj ET"
    )
    doc = load(write(tmp_path, "design.pdf", one_page(shown.encode())), tmp_path)
    assert doc.text == "JANE DOE\nProduct designer at Acme since 2019."


def test_docx_headers_and_footers_once_without_page_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Jane Doe · jane@example.org"
    section.header.paragraphs[0].text = "Jane Doe · jane@example.org"
    section.footer.paragraphs[0].text = "Page 2"
    section.first_page_footer.paragraphs[0].text = "Zurich, Switzerland"
    document.add_paragraph("Roboticist.")
    path = tmp_path / "margins.docx"
    document.save(str(path))
    doc = load(path, tmp_path)
    assert doc.text == "Jane Doe · jane@example.org\n\nRoboticist.\n\nZurich, Switzerland"


def test_docx_text_boxes_are_read_once_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jane Doe")
    anchor = document.add_paragraph()
    document.add_paragraph("Built robots.", style="List Bullet")
    path = tmp_path / "boxes.docx"
    document.save(str(path))
    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Experience</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>2019 – 2021 Postdoc, ETH</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Experience</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>2019 – 2021 Postdoc, ETH</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode()
    empty_paragraph = "<w:p/>"
    assert empty_paragraph in xml  # python-docx writes the anchor paragraph empty
    members["word/document.xml"] = xml.replace(empty_paragraph, f"<w:p>{box}</w:p>", 1).encode()
    path.write_bytes(zip_bytes(members))
    del anchor

    doc = load(path, tmp_path)
    assert doc.text == "Jane Doe\n\nExperience\n\n2019 – 2021 Postdoc, ETH\n\n• Built robots."
    assert doc.headings == (len("Jane Doe\n\n"),)


LATEX_CV = r"""\documentclass[11pt]{article}
\usepackage[margin=1in]{geometry}
\newcommand{\entry}[3]{\item \textbf{#1} & #2 \\ #3}
\begin{document}
% Comments never show
\begin{comment}
Old job that must not show
\end{comment}
\iffalse
Hidden draft
\fi
\section{Education}
\begin{tabular}{ll}
\textbf{2015--2020} & PhD in Robotics, MIT \\
2011--2015 & BSc, ETH Z\"urich \\
\end{tabular}
\section*{Experience}
\begin{itemize}
  \item Built \emph{legged} robots at \href{https://acme.example}{Acme}.
  \item Taught \textbf{Robotics 101}.
\end{itemize}
\cvitem{Languages}{English, German}
\end{document}
"""


def test_latex_cv_becomes_clean_text(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "cv.tex", LATEX_CV), tmp_path)
    assert doc.text == (
        "Education\n\n"
        "2015–2020 · PhD in Robotics, MIT\n2011–2015 · BSc, ETH Zürich\n\n"
        "Experience\n\n"
        "• Built legged robots at Acme.\n• Taught Robotics 101.\n\n"
        "Languages · English, German"
    )
    assert doc.headings == (0, doc.text.index("Experience"))
    assert doc.links == ("https://acme.example",)


def test_txt_holding_latex_is_read_as_latex(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "cv.txt", LATEX_CV), tmp_path)
    assert doc.text.startswith("Education\n\n2015–2020 · PhD in Robotics, MIT")
    assert "\\" not in doc.text and "{" not in doc.text


ABOUT_MD = """---
layout: about
title: about
---

{% include figure.liquid path="assets/img/prof_pic.jpg" class="img-fluid" %}

I am **Jane Doe**, a roboticist at [Acme](https://acme.example){:target="_blank"}.
My *[thesis](#)* is on legged robots. Mail jane@example.org.

## News {#news}

| Date | News |
|---|---|
| 2024 | Best paper ﬀ award {{ site.data.award }} |

- Invited talk at [ICRA](https://icra.example)
- Reviewer

<div class="social"><a href="https://github.com/janedoe">GitHub</a> <!-- hidden --></div>

<div markdown="1">Apply **now** [here](https://jobs.example).</div>

[//]: * [An old call](https://old.example){:target="_blank"}. Deadline: 2020
[//]: # (a comment)
"""


def test_kramdown_liquid_markdown_page(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "about.md", ABOUT_MD), tmp_path)
    assert doc.metadata == {"layout": "about", "title": "about"}
    assert doc.text == (
        "I am Jane Doe, a roboticist at Acme. My thesis is on legged robots. "
        "Mail jane@example.org.\n\n"
        "News\n\n"
        "Date · News\n2024 · Best paper ff award\n\n"
        "• Invited talk at ICRA\n• Reviewer\n\n"
        "GitHub\n\nApply now here."
    )
    assert doc.headings == (doc.text.index("News\n"),)
    assert doc.links == (
        "https://acme.example",
        "https://icra.example",
        "https://github.com/janedoe",
        "https://jobs.example",
    )


def test_markdown_inline_html_is_read_as_text(tmp_path: Path) -> None:
    text = (
        "Jane <b>Doe</b><br>Roboticist <script>alert(1)</script>at "
        '<a href="https://acme.example">Acme</a> &lt;b&gt; &amp; co.'
    )
    doc = load(write(tmp_path, "inline.md", text), tmp_path)
    assert doc.text == "Jane Doe\nRoboticist at Acme <b> & co."
    assert doc.links == ("https://acme.example",)


def test_plain_bio_txt_keeps_lines_and_normalises_forms(tmp_path: Path) -> None:
    bio = "Jane Doe\n\nEﬃcient robots, ＡＩ research.\n- Born in Zurich\n\n\n\nSee https://jane.example."
    doc = load(write(tmp_path, "bio.txt", bio), tmp_path)
    assert doc.text == (
        "Jane Doe\n\nEfficient robots, AI research.\n- Born in Zurich\n\nSee https://jane.example."
    )
    assert doc.headings == ()
    assert doc.links == ("https://jane.example",)


def test_txt_holding_markdown_keeps_its_line_breaks(tmp_path: Path) -> None:
    text = "# Jane Doe\n\n**Engineer** at [Acme](https://acme.example)\nZurich\n"
    doc = load(write(tmp_path, "profile.txt", text), tmp_path)
    assert doc.text == "Jane Doe\n\nEngineer at Acme\nZurich"
    assert doc.headings == (0,)
    assert doc.links == ("https://acme.example",)


def test_html_headings_lists_tables_and_links(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Jane Doe</h1><p>Roboticist at <a href='https://acme.example'>Acme</a>."
        "</p><h2>Awards</h2><table><tr><td>2024</td><td>Best paper</td></tr></table>"
        "<ul><li>Reviewer</li></ul><pre>2019  Postdoc\n2015  PhD</pre></body></html>"
    )
    doc = load(write(tmp_path, "index.html", page), tmp_path)
    assert doc.text == (
        "Jane Doe\n\nRoboticist at Acme.\n\nAwards\n\n2024 · Best paper\n\n• Reviewer\n\n"
        "2019 Postdoc\n2015 PhD"
    )
    assert doc.headings == (0, doc.text.index("Awards"))
    assert doc.links == ("https://acme.example",)


def test_latex_command_defined_in_terms_of_itself_stops_growing(tmp_path: Path) -> None:
    source = (
        "\\newcommand{\\grow}{\\grow\\grow}\n\\begin{document}\nJane Doe \\grow\n\\end{document}"
    )
    doc = load(write(tmp_path, "bomb.tex", source), tmp_path)
    assert doc.text == "Jane Doe"


def test_latex_nested_too_deep_gives_a_document_error(tmp_path: Path) -> None:
    source = "\\begin{document}" + "{" * 20_000 + "Jane" + "}" * 20_000 + "\\end{document}"
    path = write(tmp_path, "deep.tex", source)
    assert load_error(path, tmp_path) == "LaTeX could not be read"


def test_html_layout_table_reads_cell_by_cell_in_order(tmp_path: Path) -> None:
    page = (
        "<table><tr><td><h2>Education</h2><p>PhD, MIT</p></td>"
        "<td><h2>Work</h2><p>Acme</p><ul><li>Robots</li></ul></td></tr>"
        "<tr><td>2019</td><td>Award</td></tr></table>"
    )
    doc = load(write(tmp_path, "layout.html", page), tmp_path)
    assert doc.text == "Education\n\nPhD, MIT\n\nWork\n\nAcme\n\n• Robots\n\n2019 · Award"
    assert doc.headings == (0, doc.text.index("Work"))


def test_corpus_listing_is_in_path_order(tmp_path: Path) -> None:
    from profilechat.loaders import list_corpus

    names = ["a-b.md", "a/b.md", "a/a/z.md", "A.md", "a.b/c.md", "ab.md", "a0.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# Ana Lima\n\nAna is a nurse.\n", encoding="utf-8")
    listed = list_corpus(tmp_path).supported
    assert listed == sorted(tmp_path / name for name in names)


def test_pdf_heading_in_a_larger_font_is_a_cell_of_its_own(tmp_path: Path) -> None:
    # A left column of headings at 14 pt; the section's first line at 9 pt starts about one of
    # its ems after the heading: narrower than a column gap, wider than a word space.
    stream = (
        b"BT /F1 14 Tf 50 700 Td (Conferences) Tj ET "
        b"BT /F1 9 Tf 140 700 Td (Ann Lee and Bo Chen. Robots that pick fruit. In ICRA, 2023.) Tj ET "
        b"BT /F1 9 Tf 140 686 Td (Bo Chen and Ann Lee. Fruit that picks robots. In IROS, 2022.) Tj ET"
        b" BT /F1 9 Tf 140 672 Td (Ann Lee wrote this line at one size.) Tj ET"
    )
    doc = load(write(tmp_path, "cv.pdf", one_page(stream)), tmp_path)
    assert doc.text.splitlines()[0] == (
        "Conferences · Ann Lee and Bo Chen. Robots that pick fruit. In ICRA, 2023."
    )
    assert "Ann Lee wrote this line at one size." in doc.text


def test_markdown_front_matter_lead_is_the_pages_first_paragraph(tmp_path: Path) -> None:
    text = "---\ntitle: About\ndescription: I'm a data engineer and a teacher.\n---\nI grew up by the sea."
    doc = load(write(tmp_path, "about.md", text), tmp_path)
    assert doc.text == "I'm a data engineer and a teacher.\n\nI grew up by the sea."
    # after the page's own heading; a value of a word or two is a label, not a lead
    titled = "---\nsubtitle: Data engineer at Acme\n---\n# Jane Doe\n\nI grew up by the sea."
    doc = load(write(tmp_path, "jane.md", titled), tmp_path)
    assert doc.text.startswith("Jane Doe\n\nData engineer at Acme\n")
    short = "---\nsubtitle: jeɪn doʊ\n---\nI grew up by the sea."
    assert load(write(tmp_path, "short.md", short), tmp_path).text == "I grew up by the sea."


def test_html_cards_of_a_list_are_read_as_whole_entries(tmp_path: Path) -> None:
    # Homepages built with CSS frameworks show each degree or job as a card: a heading, then
    # one short block per detail. A card is one entry, not a section of its own.
    card = (
        "<div class='card'><h3>{title}</h3><p>{field}</p>"
        "<div class='row'><i class='icon'></i><span>{years}</span></div>"
        "<div class='row'><span>{place}</span></div></div>"
    )
    page = (
        "<h1>Jane Doe</h1><section><h2>Education</h2><div class='grid'>"
        + card.format(title="Master's Degree", field="Robotics", years="2012 - 2014", place="ETH")
        + card.format(title="Bachelor's Degree", field="Physics", years="2008 - 2012", place="MIT")
        + "</div></section>"
    )
    doc = load(write(tmp_path, "index.html", page), tmp_path)
    assert doc.text == (
        "Jane Doe\n\nEducation\n\nMaster's Degree\nRobotics\n2012 - 2014\nETH\n\n"
        "Bachelor's Degree\nPhysics\n2008 - 2012\nMIT"
    )
    assert doc.headings == (0, doc.text.index("Education"))


def test_html_sections_that_are_not_a_list_of_cards_keep_their_headings(tmp_path: Path) -> None:
    page = (
        "<h1>Jane Doe</h1><div class='box'><h2>Education</h2><p>PhD, MIT</p><p>2014</p></div>"
        "<div class='other'><h2>Contact</h2><p>jane@example.org</p><p>Zurich</p></div>"
    )
    doc = load(write(tmp_path, "index.html", page), tmp_path)
    assert doc.headings == (0, doc.text.index("Education"), doc.text.index("Contact"))


def test_html_sections_built_alike_at_the_top_level_stay_sections(tmp_path: Path) -> None:
    page = (
        "<h1>Jane Doe</h1><section class='s'><h1>Talks</h1><p>Robots, 2021</p></section>"
        "<section class='s'><h1>Teaching</h1><p>CS 101, 2020</p></section>"
    )
    doc = load(write(tmp_path, "index.html", page), tmp_path)
    assert doc.headings == (0, doc.text.index("Talks"), doc.text.index("Teaching"))


def test_html_card_whose_heading_sits_in_a_header_row(tmp_path: Path) -> None:
    card = (
        "<div class='job'><div class='row'><div><h3>{employer}</h3><p>{title}</p></div>"
        "<div>{years}</div></div><p>{what}</p></div>"
    )
    page = (
        "<h1>Jane Doe</h1><h2>Experience</h2><div>"
        + card.format(employer="Acme", title="Engineer", years="2020 - Present", what="Robots.")
        + card.format(employer="Beta", title="Intern", years="2019", what="Tests.")
        + "</div>"
    )
    doc = load(write(tmp_path, "index.html", page), tmp_path)
    assert doc.text == (
        "Jane Doe\n\nExperience\n\nAcme\nEngineer\n2020 - Present\nRobots.\n\n"
        "Beta\nIntern\n2019\nTests."
    )
