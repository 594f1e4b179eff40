"""Regenerate the binary documents of the held-out corpus (DOCX and PDF), deterministically.

    .venv/bin/python benchmarks/heldout/make_corpus.py

The text documents (.md, .txt, .html) in corpus/ are written by hand and are not touched.
Needs python-docx and reportlab (`.venv/bin/pip install reportlab`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXED = dt.datetime(2024, 5, 1, 12, 0, 0)

# ---------------------------------------------------------------------------------------------
# li-wei-resume.docx: the body never states the full name; only the file name does.
# ---------------------------------------------------------------------------------------------

RESUME = {
    "headline": "Staff Software Engineer — Distributed Storage Systems",
    "contact": "Bellevue, WA · liwei.eng@outlook.com · (425) 555-0187 · github.com/lwstore",
    "summary": (
        "Storage engineer with eleven years of experience building durable, low-latency block and "
        "object storage. Comfortable anywhere from kernel I/O paths to fleet-wide rollout tooling, "
        "and happiest when a design review ends with a simpler system than it started with."
    ),
    "experience": [
        (
            "Pinecrest Data — Staff Software Engineer, Block Storage",
            "Seattle, WA · 2021–present",
            [
                "Tech lead for Quill, a Raft-based metadata service that tracks 60 billion block "
                "extents with p99 read latency under 2 ms.",
                "Designed the rollout of Lattice erasure coding, reducing raw storage overhead from "
                "3.0x replication to 1.4x and saving roughly $11M a year in hardware.",
                "Mentor four engineers and chair the storage design review board.",
            ],
        ),
        (
            "Amazon Web Services — Senior Software Engineer, Elastic Block Store",
            "Seattle, WA · 2017–2021",
            [
                "Worked on snapshot replication between regions and cut cross-region snapshot copy "
                "time by 35%.",
                "Co-inventor on US Patent 11,209,384, “Adaptive tiering of cold blocks in networked "
                "storage”.",
            ],
        ),
        (
            "Carnegie Mellon University, Parallel Data Lab — Graduate Research Assistant",
            "Pittsburgh, PA · 2015–2017",
            [
                "Built a prototype log-structured key-value store for shingled magnetic recording "
                "(SMR) drives.",
            ],
        ),
        (
            "Huawei Technologies — Software Engineer, OceanStor",
            "Shenzhen, China · 2013–2015",
            [
                "Implemented inline deduplication in C for the OceanStor backup appliance.",
            ],
        ),
    ],
    "education": [
        "M.S. in Computer Science, Carnegie Mellon University, 2017 — master's project advised by "
        "Prof. Daniel Ostrowski",
        "B.Eng. in Software Engineering, Zhejiang University, Hangzhou, 2013",
    ],
    "publications": [
        "“SMR-aware compaction for LSM trees.” HotStorage 2017 (Best Paper Award).",
        "fjord — an open-source Rust crate for io_uring-based asynchronous disk I/O "
        "(about 2,300 GitHub stars).",
    ],
    "awards": [
        "Amazon Inventor Award, 2020",
        "Silver medal, ACM-ICPC Asia Regional Contest (Hangzhou), 2012",
    ],
    "skills": (
        "Rust, Go, C++, C, Python · Raft, Paxos, RocksDB, io_uring, SPDK · Kubernetes, Terraform, "
        "Prometheus"
    ),
    "languages": "Mandarin (native), English (fluent)",
}


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and a fixed member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def make_docx(path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    r = RESUME
    doc = Document()
    doc.add_heading("Résumé", level=0)
    p = doc.add_paragraph()
    run = p.add_run(r["headline"])
    run.bold = True
    run.font.size = Pt(13)
    doc.add_paragraph(r["contact"])

    doc.add_heading("Summary", level=1)
    doc.add_paragraph(r["summary"])

    doc.add_heading("Experience", level=1)
    for title, where, bullets in r["experience"]:
        para = doc.add_paragraph()
        para.add_run(title).bold = True
        para.add_run(f"\n{where}").italic = True
        for b in bullets:
            doc.add_paragraph(b, style="List Bullet")

    doc.add_heading("Education", level=1)
    for e in r["education"]:
        doc.add_paragraph(e, style="List Bullet")

    doc.add_heading("Publications and open source", level=1)
    for e in r["publications"]:
        doc.add_paragraph(e, style="List Bullet")

    doc.add_heading("Awards", level=1)
    for e in r["awards"]:
        doc.add_paragraph(e, style="List Bullet")

    doc.add_heading("Skills", level=1)
    doc.add_paragraph(r["skills"])
    doc.add_heading("Languages", level=1)
    doc.add_paragraph(r["languages"])

    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.title = "Resume"
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


# ---------------------------------------------------------------------------------------------
# okafor-speaker-bio.pdf: a third-person bio.
# ---------------------------------------------------------------------------------------------

BIO = [
    ("h", "Speaker biography"),
    (
        "p",
        "Dr. Amara Okafor is an infectious disease epidemiologist and Associate Professor of "
        "Epidemiology at the London School of Hygiene &amp; Tropical Medicine (LSHTM), where she "
        "leads the Lassa Fever Modelling Group. Her work combines field surveillance with "
        "mathematical models to predict when and where rodent-borne viruses spill over into people.",
    ),
    (
        "p",
        "Born in Enugu, Nigeria, she trained in medicine at the University of Ibadan (MBBS, 2008) "
        "and worked as a medical officer in Ebonyi State before joining the Nigeria Centre for "
        "Disease Control (NCDC) in Abuja as an epidemiologist in 2010. During the 2012 Lassa fever "
        "season she coordinated the national line list of cases, an experience she credits with "
        "steering her toward quantitative epidemiology.",
    ),
    (
        "p",
        "She went on to complete a Master of Public Health at the Johns Hopkins Bloomberg School "
        "of Public Health (2013) and a DPhil in Epidemiology at the University of Oxford (2017) as "
        "a Commonwealth Scholar, supervised by Professor Helen Marchbanks. Her thesis, "
        "\u201cSeasonality and spillover of Lassa virus in southern Nigeria\u201d, won the Nuffield "
        "Department of Medicine thesis prize.",
    ),
    (
        "p",
        "From 2017 to 2020 she was a postdoctoral research associate at the MRC Centre for Global "
        "Infectious Disease Analysis at Imperial College London, where she worked on real-time "
        "forecasting for the Ebola epidemic in the Democratic Republic of the Congo. She joined "
        "LSHTM as an assistant professor in 2020 and was promoted to associate professor in 2023.",
    ),
    ("h", "Research"),
    (
        "p",
        "Her group's flagship project, SENTINEL-LF, follows 6,000 households in Edo and Ondo states "
        "to measure how often people are infected with Lassa virus without ever being diagnosed. "
        "A second strand, the lassacast forecasting system, produces weekly district-level risk "
        "maps that the NCDC uses to pre-position ribavirin and staff isolation wards. With "
        "colleagues in ecology she also studies how bush burning and harvest cycles drive the "
        "multimammate rat (Mastomys natalensis) into homes.",
    ),
    ("h", "Selected publications"),
    (
        "b",
        "Okafor A, Marchbanks H, et al. Seasonal forcing of Lassa fever spillover in Nigeria. "
        "Lancet Global Health, 2019.",
    ),
    (
        "b",
        "Okafor A, Ilori E, Bello T. Undiagnosed Lassa virus infection in Edo State: first results "
        "from SENTINEL-LF. Nature Medicine, 2024.",
    ),
    (
        "b",
        "Dunmore P, Okafor A. Real-time forecasting of Ebola in North Kivu. PLOS Computational "
        "Biology, 2020.",
    ),
    ("h", "Honours and service"),
    (
        "p",
        "Dr. Okafor holds a Wellcome Trust Career Development Award (2021). She received the "
        "Chalmers Medal of the Royal Society of Tropical Medicine and Hygiene in 2023. She directs "
        "the MSc module Infectious Disease Modelling at LSHTM and mentors early-career "
        "epidemiologists through the African Field Epidemiology Network (AFENET).",
    ),
    (
        "p",
        "Outside work she is a keen long-distance runner and has completed the London Marathon "
        "three times.",
    ),
    (
        "p",
        "Contact: amara.okafor@lshtm.ac.uk · Keppel Street, London WC1E 7HT, United Kingdom",
    ),
]


def make_pdf(path: Path) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # no creation date / random document id: byte-identical output

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title="Speaker biography",
        author="Global Health Symposium 2024",
        subject="",
        creator="",
        invariant=1,
    )
    story = []
    bullets = []

    def flush():
        if bullets:
            story.append(
                ListFlowable(
                    [ListItem(Paragraph(t, styles["BodyText"])) for t in bullets],
                    bulletType="bullet",
                )
            )
            bullets.clear()

    for kind, text in BIO:
        if kind == "b":
            bullets.append(text)
            continue
        flush()
        if kind == "h":
            story.append(Paragraph(text, styles["Heading2"]))
        else:
            story.append(Paragraph(text, styles["BodyText"]))
            story.append(Spacer(1, 4))
    flush()
    doc.build(story)
    path.write_bytes(buf.getvalue())


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    make_docx(CORPUS / "li-wei-resume.docx")
    make_pdf(CORPUS / "okafor-speaker-bio.pdf")
    print("wrote", CORPUS / "li-wei-resume.docx", "and", CORPUS / "okafor-speaker-bio.pdf")


if __name__ == "__main__":
    main()
