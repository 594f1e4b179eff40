"""A seeded generator of synthetic profiles, and questions about them with expected answers.

Profiles come in ten styles: a plain-text CV with UPPER-CASE sections, a Markdown CV with
`##` headings, a first-person homepage bio, a third-person bio, and four styles seen in real
CVs: a section-and-entry CV as PDFs extract (field labels, dated entries, author lists with
venues, teaching and service), a two-column PDF CV as PDFs extract (headings in a left column
joined to their section's first line by " · ", the field before the degree, papers over three
lines in several lists, academic terms as dates), a LaTeX CV, and a Markdown homepage with
icon contact lines, and a portfolio page as HTML extracts (a place line under the name, a
"Title with N years of experience" summary, each job a card under its employer's heading with
the title, dates and place on lines of their own), and a one-column PDF CV as PDF readers
extract it (headings in capitals, sometimes run into their section's first line; each job as
"employer · place" over "role · dates" with bullets, or as "employer · dates" over the role
with a sentence describing the work; a university system's campus after a comma).
RESUME_STYLES and WIDER_STYLES are drawn only when asked for (the fitting scripts draw ALL_STYLES),
so the corpora of STYLES stay as they were: industry résumés (dates before the title, jobs set
as headings, achievement bullets with figures), profile READMEs (emoji lines, badges), a
two-column PDF whose sidebar comes out between the main column's sections, tables, long
third-person bios that go on by surname, and headings in other languages; their dates are
written as résumés write them ("Jul ’14 – present", "Since 2021", "03/2019 – 06/2021").
Contact lines vary (labels, icons, "[at]" spellings; a phone or GitHub only sometimes). Names are drawn from lists
of many cultures; each profile has a PhD and a bachelor's university, a current and earlier
employers, papers and awards. Questions use the same JSONL format as benchmarks/questions.jsonl
(id, kind, question, history, answerable, people, answer_contains); a question is asked only
when its expected answer is written in the profile, and `casual=True` words the answerable ones
as people type (lower case, a surname or first name alone when no one else has it).

    .venv/bin/python benchmarks/synthetic.py [--quick] [--profiles N] [--out DIR]

prints a table describing what it generated (and writes it to DIR when --out is given); with
no --out it also checks, on a temporary copy, that the project identifies each profile's
person as the generator named them.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table, header, write_jsonl

# culture → (female first names, male first names, surnames)
NAMES: dict[str, tuple[str, str, str]] = {
    "english": (
        "Emily Hannah Olivia Charlotte Sophie Grace Lucy Abigail Megan Rachel Laura Rebecca",
        "James Oliver Thomas Henry William Samuel Daniel Matthew Andrew Benjamin Edward George",
        "Smith Johnson Brown Taylor Wilson Davies Evans Walker Wright Thompson Hughes Clarke "
        "Harrison Bennett Fletcher Whitaker",
    ),
    "chinese": (
        "Mei Xiaoling Yuting Jing Lihua Xinyi Ying Shuang Qian Yan Ruoxi Wenjing",
        "Wei Hao Jun Zhiwei Yifan Haoran Jianguo Tao Chen Bo Lei Xiang",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Zhou Wu Xu Sun Ma Zhu Hu Guo",
    ),
    "indian": (
        "Priya Ananya Kavya Deepika Lakshmi Meera Shreya Aishwarya Neha Pooja Divya Sunita",
        "Arjun Rahul Vikram Rohan Aditya Sanjay Karthik Ravi Anil Suresh Pranav Nikhil",
        "Sharma Patel Iyer Reddy Gupta Nair Rao Menon Kumar Mehta Joshi Banerjee Desai "
        "Chatterjee Krishnan Pillai",
    ),
    "spanish": (
        "Lucía María Carmen Sofía Isabel Elena Paula Valentina Camila Ximena Gabriela Inés",
        "Alejandro Javier Carlos Diego Miguel Pablo Sergio Andrés Mateo Rafael Jorge Emilio",
        "García Rodríguez Martínez López Hernández González Pérez Sánchez Ramírez Torres "
        "Flores Rivera Morales Ortiz Castillo Vargas",
    ),
    "arabic": (
        "Fatima Layla Amira Nour Yasmin Salma Huda Rania Mariam Leila Dalia Zainab",
        "Omar Youssef Karim Tariq Hassan Khalid Samir Ahmed Rami Bilal Faisal Nabil",
        "Haddad Khalil Mansour Nasser Saleh Aziz Hamdan Farouk Haddadin Qureshi Rahman "
        "Suleiman Darwish Sabbagh Najjar Bakr",
    ),
    "nigerian": (
        "Chiamaka Adaeze Ngozi Folake Yetunde Funmilayo Amaka Ifeoma Temitope Bisola Nkechi "
        "Oluwaseun",
        "Chinedu Oluwaseyi Emeka Babatunde Tunde Obinna Adebayo Ikenna Segun Kelechi Femi Uchenna",
        "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Ogunleye Chukwu Oyelaran Afolabi "
        "Nnamdi Olawale Onyekachi Ibekwe Adewale",
    ),
    "japanese": (
        "Yuki Haruka Aiko Sakura Naoko Emi Keiko Mika Ayumi Rina Yoko Chihiro",
        "Hiroshi Takeshi Kenji Daisuke Satoshi Yuto Haruto Ryo Kazuki Shota Makoto Akira",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
        "Yoshida Yamada Sasaki Matsumoto Inoue Kimura",
    ),
    "korean": (
        "Jiwoo Seoyeon Minji Hyejin Eunji Soyeon Yuna Jisoo Hana Dahye Sujin Yerin",
        "Minjun Jihoon Seojun Hyunwoo Donghyun Jaewon Sungmin Taeyang Junho Kyungsoo "
        "Sanghoon Youngjae",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon Hwang Ahn",
    ),
    "vietnamese": (
        "Linh Mai Thao Huong Ngoc Trang Lan Hoa Anh Phuong Thuy Hanh",
        "Minh Duc Tuan Quang Hung Long Thanh Khoa Nam Phong Dung Bao",
        "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly Truong Dinh",
    ),
    "russian": (
        "Anastasia Ekaterina Olga Natalia Svetlana Irina Tatiana Daria Yulia Ksenia Alina Polina",
        "Dmitri Alexei Sergei Ivan Nikolai Mikhail Andrei Pavel Yuri Vladimir Artem Maxim",
        "Ivanov Petrov Smirnov Kuznetsov Popov Volkov Sokolov Morozov Novikov Fedorov "
        "Lebedev Kozlov Orlov Pavlov Semenov Vinogradov",
    ),
    "german": (
        "Anna Katharina Lena Julia Sabine Franziska Johanna Miriam Lisa Ute Annika Greta",
        "Lukas Felix Jonas Maximilian Stefan Tobias Matthias Florian Jan Moritz Klaus Niklas",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Klein Wolf Neumann Schwarz",
    ),
    "french": (
        "Camille Chloé Manon Juliette Céline Élodie Amélie Margaux Léa Claire Inès Mathilde",
        "Antoine Julien Nicolas Guillaume Mathieu Pierre Hugo Louis Théo Olivier Baptiste Rémi",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
        "Laurent Lefebvre Michel Fontaine Chevalier",
    ),
    "italian": (
        "Giulia Francesca Chiara Martina Alessandra Federica Valeria Elisa Silvia Beatrice "
        "Serena Ilaria",
        "Marco Luca Giovanni Alessandro Francesco Matteo Lorenzo Davide Stefano Riccardo "
        "Paolo Simone",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno "
        "Gallo Conti Costa Mancini Lombardi",
    ),
    "turkish": (
        "Elif Zeynep Ayşe Merve Esra Derya Selin Büşra Gizem Ebru Ceren Nazlı",
        "Mehmet Mustafa Emre Burak Can Murat Serkan Kerem Onur Barış Tolga Volkan",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan "
        "Çetin Kurt Koç Özdemir",
    ),
    "persian": (
        "Shirin Parisa Maryam Nasrin Roya Sara Ladan Golnaz Mahsa Azadeh Niloufar Yasaman",
        "Reza Ali Amir Behnam Kian Dariush Farhad Babak Arash Kaveh Siavash Payam",
        "Hosseini Ahmadi Karimi Rahimi Moradi Jafari Rezaei Mohammadi Sadeghi Hashemi "
        "Ebrahimi Tehrani Shirazi Kazemi Mousavi Farahani",
    ),
    "polish": (
        "Agnieszka Katarzyna Małgorzata Magdalena Joanna Zofia Natalia Aleksandra Marta "
        "Dorota Ewa Karolina",
        "Piotr Krzysztof Tomasz Paweł Michał Marcin Jakub Łukasz Wojciech Bartosz Grzegorz Kamil",
        "Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski",
    ),
    "portuguese": (
        "Beatriz Mariana Larissa Fernanda Juliana Renata Bruna Letícia Tatiana Vitória "
        "Rafaela Luana",
        "João Lucas Gabriel Rafael Thiago Felipe Gustavo Bruno Rodrigo Leonardo Vinícius Caio",
        "Silva Santos Oliveira Souza Pereira Costa Almeida Ferreira Carvalho Gomes "
        "Ribeiro Barbosa Araújo Cardoso Teixeira Moura",
    ),
    "kenyan": (
        "Wanjiru Achieng Njeri Akinyi Wambui Nyambura Atieno Chebet Jepkemboi Muthoni Awino Kendi",
        "Kamau Otieno Kipchoge Mwangi Odhiambo Kiprono Njoroge Omondi Mutua Kibet Onyango Wafula",
        "Kariuki Ochieng Wanjala Kimani Maina Koech Mutiso Karanja Owino Rotich Kiplagat "
        "Nyaga Gitau Wekesa Langat Muriuki",
    ),
    "greek": (
        "Eleni Maria Katerina Sofia Dimitra Georgia Vasiliki Ioanna Despina Zoe Athina Christina",
        "Georgios Dimitrios Konstantinos Nikolaos Ioannis Christos Panagiotis Vasileios "
        "Stavros Alexandros Spyros Thanos",
        "Papadopoulos Georgiou Nikolaidis Papadakis Oikonomou Karagiannis Vlachos "
        "Konstantinidis Alexiou Christodoulou Antoniou Dimitriou Makris Raptis Zervas Pappas",
    ),
    "nordic": (
        "Ingrid Astrid Sigrid Freja Maja Linnea Elin Saga Karin Solveig Hanne Liv",
        "Erik Lars Anders Magnus Henrik Nils Oskar Gustav Sven Bjørn Mikkel Johan",
        "Andersson Johansson Karlsson Nilsson Eriksson Larsen Hansen Jensen Pedersen "
        "Lindqvist Bergström Holm Dahl Lund Nyberg Halvorsen",
    ),
}

# Names kept out of every generated corpus: questions about these people are unanswerable.
ABSENT_FIRST = (
    "Bartholomew Ottoline Peregrine Marguerite Lysander Evangeline Thaddeus Wilhelmina "
    "Cornelius Philippa Leopold Rosalind Barnaby Clementine Ignatius Millicent"
).split()
ABSENT_LAST = (
    "Quimby Fairweather Pemberton Thistlewood Ravenscroft Blackwood Wetherell Ashdown "
    "Hollingsworth Marchbanks Winterbottom Featherstone Cresswell Gainsborough Kingsley Dunmore"
).split()

UNIVERSITIES = (
    "Stanford University|Massachusetts Institute of Technology|Carnegie Mellon University|"
    "University of California, Berkeley|University of Washington|Cornell University|"
    "Princeton University|University of Illinois Urbana-Champaign|Georgia Institute of "
    "Technology|University of Michigan|University of Toronto|ETH Zurich|EPFL|University of "
    "Oxford|University of Cambridge|Imperial College London|Tsinghua University|Peking "
    "University|National University of Singapore|University of Tokyo|KAIST|Seoul National "
    "University|Indian Institute of Technology Bombay|Indian Institute of Science|Technical "
    "University of Munich|Sorbonne University|Sapienza University of Rome|Politecnico di "
    "Milano|University of São Paulo|Universidad de Buenos Aires|University of Cape Town|"
    "University of Nairobi|University of Lagos|American University of Beirut|Cairo "
    "University|Sharif University of Technology|University of Tehran|Middle East Technical "
    "University|Moscow State University|Warsaw University of Technology|KTH Royal Institute "
    "of Technology|University of Copenhagen|National Technical University of Athens|Delft "
    "University of Technology|McGill University|University of British Columbia|Australian "
    "National University|University of Melbourne|Hanoi University of Science and Technology|"
    "Universidad Nacional Autónoma de México|University of Edinburgh|Johns Hopkins "
    "University|Columbia University|University of Texas at Austin|Purdue University|"
    "University of Wisconsin–Madison|Rice University|Duke University|University of California, "
    "Los Angeles|University of Maryland, College Park"
).split("|")

EMPLOYERS = (
    "Google|Microsoft|Amazon|Meta|Apple|NVIDIA|IBM Research|Intel Labs|Adobe Research|"
    "Salesforce|Netflix|Uber|Airbnb|Spotify|Databricks|Snowflake|Oracle|SAP|Siemens|Bosch "
    "Center for AI|Samsung Research|Huawei|Alibaba|Tencent|Baidu|ByteDance|Sony AI|Toyota "
    "Research Institute|Naver|Infosys|Tata Consultancy Services|Flipkart|Mercado Libre|"
    "Nubank|Shopify|Zalando|Booking.com|Ericsson|Nokia Bell Labs|Philips Research|"
    "DeepMind|OpenAI|Anthropic|Cohere|Hugging Face|Stripe|Palantir|Bloomberg|Two Sigma|"
    "Jane Street|Allen Institute for AI|Max Planck Institute for Informatics|Inria|"
    "CERN|Mayo Clinic|Pfizer|Novartis|Roche|Safaricom|Andela|Careem|Yandex|Rakuten"
).split("|")

FIELDS = [
    "Computer Science",
    "Electrical Engineering",
    "Statistics",
    "Applied Mathematics",
    "Computational Biology",
    "Physics",
    "Operations Research",
    "Mechanical Engineering",
    "Economics",
    "Linguistics",
]
BACHELOR = ["B.S.", "B.Sc.", "B.Eng.", "B.A.", "bachelor's degree"]
TITLES_INDUSTRY = [
    "Research Scientist",
    "Senior Research Scientist",
    "Staff Software Engineer",
    "Principal Engineer",
    "Machine Learning Engineer",
    "Applied Scientist",
    "Engineering Manager",
    "Data Scientist",
    "Senior Software Engineer",
    "Distinguished Engineer",
]
TITLES_ACADEMIC = ["Assistant Professor", "Associate Professor", "Professor", "Lecturer"]
ADJECTIVES = (
    "Scalable Efficient Robust Adaptive Private Federated Interpretable Sparse Distributed "
    "Probabilistic Incremental Causal Secure Lightweight Hierarchical Contrastive Streaming "
    "Fault-Tolerant Energy-Aware Self-Supervised"
).split()
METHODS = (
    "Graph Neural Networks|Transformers|Bayesian Optimization|Reinforcement Learning|"
    "Consensus Protocols|Query Optimization|Diffusion Models|Knowledge Distillation|"
    "Program Synthesis|Compressed Sensing|Mixed-Integer Programming|Monte Carlo Methods|"
    "Garbage Collection|Speculative Decoding|Differential Privacy|Active Learning|"
    "Kernel Methods|Symbolic Execution|Model Checking|Vector Databases"
).split("|")
TASKS = (
    "Protein Folding|Traffic Forecasting|Code Search|Image Segmentation|Machine Translation|"
    "Fraud Detection|Recommendation|Speech Recognition|Drug Discovery|Climate Modeling|"
    "Serverless Computing|Edge Inference|Log Analysis|Robot Navigation|Medical Imaging|"
    "Question Answering|Network Telemetry|Supply Chain Planning|Crop Monitoring|Video Analytics"
).split("|")
VENUES = (
    "NeurIPS ICML ICLR ACL EMNLP CVPR ECCV SIGMOD VLDB OSDI SOSP NSDI EuroSys KDD WWW "
    "SIGCOMM CHI AAAI IJCAI USENIX-Security"
).split()
AWARDS = [
    "Best Paper Award",
    "NSF CAREER Award",
    "Sloan Research Fellowship",
    "Outstanding Dissertation Award",
    "Google PhD Fellowship",
    "Microsoft Research Faculty Fellowship",
    "Test of Time Award",
    "Distinguished Teaching Award",
    "Marie Curie Fellowship",
    "ERC Starting Grant",
    "Young Investigator Award",
    "Rising Star Award",
]
INTERESTS = [
    "large-scale machine learning systems",
    "natural language processing",
    "computer vision for healthcare",
    "distributed databases",
    "privacy-preserving analytics",
    "robot learning",
    "computational genomics",
    "programming languages and compilers",
    "human-computer interaction",
    "networked systems",
    "optimization for deep learning",
    "information retrieval",
]
# Other names people use for the same research areas (field vocabulary): a people-list
# question may ask for an area in words the profile never uses.
INTEREST_OTHER_NAMES = {
    "large-scale machine learning systems": ["ML infrastructure", "systems for machine learning"],
    "natural language processing": ["NLP", "computational linguistics"],
    "computer vision for healthcare": ["medical imaging", "image analysis"],
    "distributed databases": ["data management", "database systems"],
    "privacy-preserving analytics": ["data privacy", "differential privacy"],
    "robot learning": ["robotics", "learning for robots"],
    "computational genomics": ["bioinformatics", "genome analysis"],
    "programming languages and compilers": ["compiler design", "program analysis"],
    "human-computer interaction": ["HCI", "user interfaces"],
    "networked systems": ["computer networks", "networking"],
    "optimization for deep learning": ["training neural networks", "deep learning optimizers"],
    "information retrieval": ["search engines", "web search"],
}
HOBBIES = [
    "running marathons",
    "playing the cello",
    "rock climbing",
    "baking sourdough bread",
    "photography",
    "chess",
    "hiking with my dog",
    "learning languages",
]
# Skills lists: programming languages and tools, as CVs and developer READMEs list them; and
# languages nobody's list holds, for the questions a profile cannot answer.
PROGRAMMING_LANGUAGES = (
    "Python Java Go Rust C++ TypeScript JavaScript Kotlin Scala Haskell OCaml Julia R Swift"
).split()
UNLISTED_LANGUAGES = "COBOL Fortran Erlang Elixir Prolog".split()
TOOLS = (
    "Docker|Kubernetes|PyTorch|TensorFlow|PostgreSQL|Redis|Kafka|Spark|Terraform|Git|Jenkins|"
    "MATLAB|Airflow|Elasticsearch|React|Node.js|MongoDB|AWS"
).split("|")
STYLES = (
    "cv_plain",
    "cv_markdown",
    "homepage",
    "bio_third_person",
    "cv_sections",
    "cv_latex",
    "homepage_markdown",
    "cv_pdf_columns",
    "portfolio_cards",
    "cv_pdf_entries",
)
# Layouts of industry résumés and profile READMEs (dates before the title, jobs set as
# headings, rule lines, "last updated" stamps, postal addresses, emoji headings). Not drawn by
# default, so the corpora of STYLES stay as they were; pass them to generate_profiles.
RESUME_STYLES = ("resume_dates_first", "resume_headings", "readme_profile")
# Places a portfolio page gives under the name and on each job's card.
PLACES = (
    "Dublin, Ireland|Berlin, Germany|Amsterdam, Netherlands|Toronto, Canada|Seattle, WA|"
    "Lisbon, Portugal|Bangalore, India|Nairobi, Kenya|Austin, TX|Melbourne, Australia"
).split("|")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November".split("|")
COURSES = (
    "Introduction to Machine Learning|Operating Systems|Databases|Algorithms|Compilers|"
    "Computer Networks|Probability and Statistics|Linear Algebra|Distributed Systems|"
    "Natural Language Processing|Computer Vision|Data Structures|Numerical Methods|"
    "Human-Computer Interaction|Computer Security"
).split("|")
TERMS = ("Fall", "Spring", "Winter", "Summer")
PRONOUNS = {"f": ("she", "her", "her"), "m": ("he", "his", "him")}


@dataclass(frozen=True)
class Vocabulary:
    """The named things profiles are drawn from: organisations, venues, prizes, places, fields
    of study, research areas, courses and skills."""

    universities: tuple[str, ...]
    employers: tuple[str, ...]
    venues: tuple[str, ...]
    awards: tuple[str, ...]
    places: tuple[str, ...]
    fields: tuple[str, ...]
    interests: tuple[str, ...]
    courses: tuple[str, ...]
    programming_languages: tuple[str, ...]
    tools: tuple[str, ...]


# Real organisations, venues and places: the profiles that fitting and benchmarks use.
REAL = Vocabulary(
    tuple(UNIVERSITIES),
    tuple(EMPLOYERS),
    tuple(VENUES),
    tuple(AWARDS),
    tuple(PLACES),
    tuple(FIELDS),
    tuple(INTERESTS),
    tuple(COURSES),
    tuple(PROGRAMMING_LANGUAGES),
    tuple(TOOLS),
)
# Made-up organisations, venues, prizes, places, fields, areas, courses and skills, for profiles
# that must share nothing but their layout with real documents: the stability check adds them
# to an evaluation corpus, and a question about a real company or venue must keep its answer
# ("Who has worked at Google?" grows when generated people really worked there). Degrees and
# job titles stay real words: a generated person does hold a PhD.
FICTIONAL = Vocabulary(
    universities=tuple(
        "University of Varnholt|Ostmere Institute of Technology|Calderwick University|"
        "University of Pellion|Thornvale Polytechnic|Quessant University|University of Brask|"
        "Ilmarsk Technical University|Dravenport University|University of Solvane|"
        "Harrowmere College|Kestwyn Institute of Science".split("|")
    ),
    employers=tuple(
        "Quillfeather Systems|Brantlow Labs|Norvessa|Tindrel|Ostrevan|Pellucid Works|Marrowgate|"
        "Vintaro Labs|Scarnhold|Elbwyn Software|Corvantis|Haldrick & Moor|Zephyrine|Lumbrest|"
        "Ardent Quay|Mossbury|Fenwrick|Yarrowby|Kelvane|Dunmarch".split("|")
    ),
    venues=tuple("QORVEX TALMIC VESPRA NORVEL KIRSYM OBLEC DRAVIS MERLOQ PYXCON ZELTA".split()),
    awards=tuple(
        "Pellworth Prize|Harrowgate Medal|Calderwick Young Researcher Prize|Ostmere Fellowship|"
        "Brask Distinguished Paper Prize|Varnholt Teaching Medal|Solvane Travel Grant".split("|")
    ),
    places=tuple(
        "Varnholt, Eldmark|Pellion, Ostria|Brask, Norvane|Quessant, Solvane|Tindrel, Eldmark|"
        "Calderwick, Ostria".split("|")
    ),
    fields=tuple(
        "Aetherics|Chronometry|Stellar Cartography|Glyph Theory|Vellum Studies|Runic Systems".split(
            "|"
        )
    ),
    interests=tuple(
        "aetheric signal weaving|chronometric scheduling|glyph compression|vellum archiving|"
        "runic circuit design|stellar cartography tooling".split("|")
    ),
    courses=tuple(
        "Foundations of Aetherics|Glyph Theory I|Runic Systems Lab|Chronometry Seminar".split("|")
    ),
    programming_languages=tuple("Vexil Orlan Quendi Tarsk Mirelle Kobbit".split()),
    tools=tuple("Zindlebox|Quarkflow|Pellstack|Mossgrid|Tindrelctl|Varnpipe".split("|")),
)


@dataclass
class Job:
    employer: str
    title: str
    start: int
    end: int | None  # None: current


@dataclass
class Profile:
    name: str
    gender: str  # "f" / "m": pronouns in questions and third-person text
    style: str
    file_name: str
    phd_university: str
    phd_field: str
    phd_year: int
    advisor: str
    dissertation: str
    bachelor_university: str
    bachelor_degree: str
    bachelor_year: int
    jobs: list[Job]  # most recent first; jobs[0] is the current one
    papers: list[tuple[str, str, int]]  # (title, venue, year)
    awards: list[tuple[int, str]]
    interests: list[str]
    hobby: str
    courses: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, year)
    phone: str = ""  # "" when the profile gives none
    github: str = ""  # a handle, "" when the profile gives none
    linkedin: str = ""  # a LinkedIn handle, "" when the profile gives none
    languages: list[str] = field(default_factory=list)  # programming languages, [] if none listed
    tools: list[str] = field(default_factory=list)  # tools and frameworks listed with them
    shown: set[str] = field(default_factory=set)  # optional parts the rendering included
    # employer → the details the rendering wrote under that job (bullets or a description)
    details: dict[str, list[str]] = field(default_factory=dict)
    text: str = field(default="", repr=False)
    vocabulary: Vocabulary = field(default=REAL, repr=False)  # what its named things came from

    @property
    def email(self) -> str:
        return f"{_slug(self.name).replace('-', '.')}@example.org"

    @property
    def current(self) -> Job:
        return self.jobs[0]

    @property
    def possessive(self) -> str:
        return PRONOUNS[self.gender][1]


def _split(words: str) -> list[str]:
    return words.split()


def all_name_parts() -> tuple[list[tuple[str, str, str]], dict[str, list[str]]]:
    """[(culture, first name, gender)] and culture → surnames."""
    firsts: list[tuple[str, str, str]] = []
    surnames: dict[str, list[str]] = {}
    for culture, (female, male, last) in NAMES.items():
        firsts += [(culture, name, "f") for name in _split(female)]
        firsts += [(culture, name, "m") for name in _split(male)]
        surnames[culture] = _split(last)
    return firsts, surnames


def _unique_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n distinct (full name, gender); surnames mostly from the first name's culture."""
    firsts, surnames = all_name_parts()
    cultures = list(surnames)
    seen: set[str] = set()
    names: list[tuple[str, str]] = []
    while len(names) < n:
        culture, first, gender = rng.choice(firsts)
        pool = surnames[culture] if rng.random() < 0.8 else surnames[rng.choice(cultures)]
        last = rng.choice(pool)
        full = f"{first} {last}"
        if full not in seen and first != last:
            seen.add(full)
            names.append((full, gender))
    return names


def _paper_title(rng: random.Random) -> str:
    adjective, method, task = rng.choice(ADJECTIVES), rng.choice(METHODS), rng.choice(TASKS)
    patterns = [
        f"{adjective} {method} for {task}",
        f"Towards {adjective} {task} with {method}",
        f"{method} at Scale: {adjective} {task}",
        f"Rethinking {task}: {adjective} {method}",
    ]
    return rng.choice(patterns)


def _jobs(rng: random.Random, start_year: int, vocabulary: Vocabulary = REAL) -> list[Job]:
    """Jobs from `start_year` to now (2025), most recent first."""
    span = max(1, 2025 - start_year)
    count = min(rng.choice([1, 2, 2, 3, 3, 4]), span)
    cuts = sorted(rng.sample(range(start_year + 1, 2025), count - 1)) if count > 1 else []
    bounds = [start_year, *cuts, None]
    employers = rng.sample(vocabulary.employers, count)
    academic = rng.random() < 0.25
    jobs: list[Job] = []
    for i, employer in enumerate(employers):
        last = i == count - 1
        title = rng.choice(TITLES_INDUSTRY)
        if academic and last:
            employer = rng.choice(vocabulary.universities)
            title = rng.choice(TITLES_ACADEMIC)
        end = bounds[i + 1]
        jobs.append(Job(employer, title, bounds[i], None if last else end))
    return list(reversed(jobs))


def _duties(rng: random.Random) -> list[str]:
    """One to three CV bullet points."""
    verbs = ["Led", "Designed", "Built", "Shipped", "Co-developed", "Maintained", "Scaled"]
    objects = [
        "the {m} pipeline for {t}",
        "{an} {a} platform for {t}",
        "production {m} serving millions of users",
        "an internal benchmark for {t}",
        "the team's {a} training infrastructure",
    ]
    rows = []
    for _ in range(rng.randint(1, 3)):
        adjective = rng.choice(ADJECTIVES)
        obj = rng.choice(objects).format(
            m=rng.choice(METHODS).lower(),
            t=rng.choice(TASKS).lower(),
            a=adjective,
            an=_article(adjective),
        )
        rows.append(f"{rng.choice(verbs)} {obj}")
    rows.append(f"Mentored {rng.randint(2, 9)} interns and junior engineers")
    return rows[: rng.randint(1, len(rows))]


def _job_duties(p: Profile, job: Job, rng: random.Random) -> list[str]:
    """A job's bullet points, kept in the profile for the questions about what was done there."""
    duties = _duties(rng)
    p.details[job.employer] = duties
    return duties


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _service(rng: random.Random, vocabulary: Vocabulary = REAL) -> list[str]:
    venues = rng.sample(vocabulary.venues, 3)
    return [
        f"Program committee member, {venues[0]} {rng.randint(2018, 2025)}",
        f"Reviewer for {venues[1]} and {venues[2]}",
        f"Guest lecturer, {rng.choice(TASKS)} seminar",
    ][: rng.randint(1, 3)]


def make_profile(
    rng: random.Random,
    name: str,
    gender: str,
    styles: tuple[str, ...] = STYLES,
    vocabulary: Vocabulary = REAL,
) -> Profile:
    words = vocabulary
    phd_year = rng.randint(1998, 2022)
    bachelor_year = phd_year - rng.randint(5, 7)
    phd_uni, bachelor_uni = rng.sample(words.universities, 2)
    firsts, surnames = all_name_parts()
    advisor = f"{rng.choice(firsts)[1]} {rng.choice(surnames[rng.choice(list(surnames))])}"
    papers = [(_paper_title(rng), rng.choice(words.venues), rng.randint(phd_year - 3, 2025))]
    papers += [
        (_paper_title(rng), rng.choice(words.venues), rng.randint(phd_year - 3, 2025))
        for _ in range(rng.randint(2, 7))
    ]
    papers.sort(key=lambda p: -p[2])
    award_names = rng.sample(words.awards, rng.randint(0, 3))
    awards = sorted(((rng.randint(phd_year - 2, 2025), a) for a in award_names), reverse=True)
    style = rng.choice(styles)
    extra = random.Random(rng.random())  # the optional parts draw from their own stream
    courses = [
        (f"CS {extra.randint(100, 699)}", course, extra.randint(phd_year - 4, 2025))
        for course in extra.sample(words.courses, extra.randint(1, 3))
    ]
    profile = Profile(
        name=name,
        gender=gender,
        style=style,
        file_name=_file_name(rng, name, style),
        phd_university=phd_uni,
        phd_field=rng.choice(words.fields),
        phd_year=phd_year,
        advisor=advisor,
        dissertation=_paper_title(rng),
        bachelor_university=bachelor_uni,
        bachelor_degree=rng.choice(BACHELOR),
        bachelor_year=bachelor_year,
        jobs=_jobs(rng, phd_year, words),
        papers=papers,
        awards=awards,
        interests=rng.sample(words.interests, 2),
        hobby=rng.choice(HOBBIES),
        courses=courses,
        phone=_phone(extra) if extra.random() < 0.4 else "",
        github=_slug(name).replace("-", "") if extra.random() < 0.5 else "",
        vocabulary=words,
    )
    profile.text = RENDERERS[style](profile, rng)
    # skills and a LinkedIn link draw from a stream of their own, so that the rest of every
    # profile reads as before they were added
    added = random.Random(extra.random())
    if added.random() < 0.6:
        profile.languages = added.sample(words.programming_languages, 3)
        profile.tools = added.sample(words.tools, 3)
    if added.random() < 0.4:
        profile.linkedin = _slug(name)
    profile.text = _with_links_and_skills(profile, added)
    # the contact details the style wrote out (a bio gives none): only those are asked for
    text = profile.text
    profile.shown |= {"email"} if profile.email.split("@")[0] in text else set()
    profile.shown |= {"phone"} if profile.phone and profile.phone in text else set()
    profile.shown |= (
        {"github"} if profile.github and f"github.com/{profile.github}" in text else set()
    )
    return profile


_MARKDOWN_STYLES = ("cv_markdown", "homepage_markdown", "portfolio_cards")


def _with_links_and_skills(p: Profile, rng: random.Random) -> str:
    """The rendered text with a LinkedIn link under the name and a skills list at the end,
    each in one of the conventions real profiles use for them."""
    text = p.text
    markdown = p.style in _MARKDOWN_STYLES or p.file_name.endswith(".md")
    if p.linkedin:
        text = _with_linkedin(p, text, rng, markdown)
    if not p.languages:
        return text
    if p.style == "cv_latex":
        rows = [rf"\textbf{{Languages:}} {', '.join(p.languages)}\\"]
        rows.append(rf"\textbf{{{rng.choice(['Tools', 'Frameworks'])}:}} {', '.join(p.tools)}")
        block = "\n".join([r"\section*{Skills}", *rows, ""])
        return text.replace(r"\end{document}", block + r"\end{document}")
    return text.rstrip("\n") + "\n\n" + _skills_block(p, rng, markdown) + "\n"


def _with_linkedin(p: Profile, text: str, rng: random.Random, markdown: bool) -> str:
    url = f"https://www.linkedin.com/in/{p.linkedin}"
    if p.style == "cv_latex":
        return text.replace(
            r"\end{center}", rf"\href{{{url}}}{{LinkedIn}}\\" + "\n" + r"\end{center}", 1
        )
    if markdown:
        line = rng.choice(
            [
                f"[![LinkedIn](https://img.shields.io/badge/LinkedIn-0077B5?style=for-the-badge"
                f"&logo=linkedin&logoColor=white)]({url})",
                f"[LinkedIn]({url})",
                f"linkedin.com/in/{p.linkedin}",
            ]
        )
    else:  # a label, a bare link, or a Font Awesome glyph as PDF text extraction gives it
        line = rng.choice(
            [f"LinkedIn: {p.linkedin}", f"linkedin.com/in/{p.linkedin}", f"\uf08c {p.linkedin}"]
        )
    first, _, rest = text.partition("\n")
    return f"{first}\n{line}\n{rest}"


def _skills_block(p: Profile, rng: random.Random, markdown: bool) -> str:
    """A skills list: labelled lines, a badge row, a table, or a "Proficient in" sentence."""
    heading = rng.choice(["Skills", "Technical Skills", "Tech Stack", "Languages and Tools"])
    languages, tools = ", ".join(p.languages), ", ".join(p.tools)
    if p.style in ("bio_third_person", "homepage"):
        pronoun = PRONOUNS[p.gender][0].capitalize() if p.style == "bio_third_person" else "I"
        verb = "is" if pronoun != "I" else "am"
        return (
            f"{pronoun} {verb} proficient in {_and(p.languages)} and experienced with "
            f"{_and(p.tools)}."
        )
    if not markdown:
        label = rng.choice(["Programming Languages", "Languages", "Programming"])
        other = rng.choice(["Tools", "Frameworks", "Tools & Frameworks"])
        return "\n".join([heading.upper(), f"{label}: {languages}", f"{other}: {tools}"])
    style = rng.choice(["badges", "bullets", "table"])
    if style == "badges":
        badges = [
            f"![{name}](https://img.shields.io/badge/-{name.replace('-', '--')}-333333?logo={name.lower()})"
            for name in [*p.languages, *p.tools]
        ]
        return "\n".join([f"## {heading}", "", *badges])
    if style == "bullets":
        return "\n".join(
            [f"## {heading}", "", f"- **Languages:** {languages}", f"- **Tools:** {tools}"]
        )
    return "\n".join(
        [
            f"## {heading}",
            "",
            "| Area | Skills |",
            "|---|---|",
            f"| Languages | {languages} |",
            f"| Tools | {tools} |",
        ]
    )


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _slug(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(folded.lower().split())


def _file_name(rng: random.Random, name: str, style: str) -> str:
    slug = _slug(name)
    if style == "cv_plain":
        return f"{slug.replace('-', '_')}_cv.txt"
    if style == "cv_markdown":
        return f"{slug}-cv.md"
    if style in ("cv_sections", "cv_pdf_columns", "cv_pdf_entries"):
        return f"{slug}-{rng.choice(['cv', 'resume', 'CV'])}.txt"
    if style == "cv_latex":
        return f"{slug}-cv.tex"
    if style == "homepage_markdown":
        return f"{slug}-{rng.choice(['about', 'index', 'README'])}.md"
    if style == "portfolio_cards":
        return f"{slug}-{rng.choice(['index', 'portfolio'])}.md"
    if style == "resume_dates_first":
        return f"{slug}-resume.txt"
    if style in ("resume_headings", "readme_profile"):
        return f"{slug}-{'README' if style == 'readme_profile' else 'resume'}.md"
    if style in ("resume_achievements", "cv_two_column_text", "cv_foreign_headings"):
        return f"{slug}-{rng.choice(['resume', 'cv', 'Lebenslauf'])}.txt"
    if style == "cv_table":
        return f"{slug}-cv.{rng.choice(['md', 'txt'])}"
    if style == "readme_badges":
        return f"{slug}-README.md"
    if style == "bio_prose_long":
        return f"{slug}-{rng.choice(['bio', 'speaker'])}.md"
    return f"{slug}{rng.choice(['', '-home', '-bio'])}.{rng.choice(['md', 'txt'])}"


def _years(job: Job) -> str:
    return f"{job.start} - {'present' if job.end is None else job.end}"


def _render_cv_plain(p: Profile, rng: random.Random) -> str:
    slug = _slug(p.name)
    lines = [p.name.upper() if rng.random() < 0.3 else p.name]
    lines += [f"{slug.replace('-', '.')}@example.org | https://{slug}.example.org", ""]
    lines += [
        "SUMMARY",
        "",
        f"{p.current.title} at {p.current.employer}. Research interests: "
        f"{p.interests[0]} and {p.interests[1]}.",
        "",
    ]
    lines += ["EDUCATION", ""]
    lines += [f"{p.phd_university}", f"Ph.D. in {p.phd_field}, {p.phd_year}"]
    lines += [f"Dissertation: {p.dissertation}", f"Advisor: {p.advisor}", ""]
    lines += [
        f"{p.bachelor_university}",
        f"{p.bachelor_degree} in {p.phd_field}, {p.bachelor_year}",
        "",
    ]
    lines += ["EXPERIENCE", ""]
    for job in p.jobs:
        lines += [f"{job.employer} - {job.title}", _years(job)]
        lines += [f"- {duty}" for duty in _job_duties(p, job, rng)] + [""]
    lines += _publications(p, "PUBLICATIONS")
    if p.awards:
        lines += ["AWARDS", ""] + [f"- {year} {award}" for year, award in p.awards] + [""]
    lines += (
        ["PROFESSIONAL SERVICE", ""] + [f"- {row}" for row in _service(rng, p.vocabulary)] + [""]
    )
    return "\n".join(lines)


def _publications(p: Profile, title: str) -> list[str]:
    lines = [title, ""]
    for paper, venue, year in p.papers:
        lines += [paper, f"{p.name} and co-authors. {venue} {year}.", ""]
    return lines


def _render_cv_markdown(p: Profile, rng: random.Random) -> str:
    lines = [f"# {p.name}", "", f"*{p.current.title}, {p.current.employer}*", ""]
    lines += ["## Education", ""]
    lines += [
        f"- **Ph.D. in {p.phd_field}**, {p.phd_university}, {p.phd_year}. "
        f"Thesis: *{p.dissertation}*. Advisor: {p.advisor}."
    ]
    lines += [
        f"- **{p.bachelor_degree} in {p.phd_field}**, {p.bachelor_university}, {p.bachelor_year}.",
        "",
    ]
    lines += ["## Experience", ""]
    for job in p.jobs:
        lines.append(f"### {job.employer}, {job.title} ({_years(job)})")
        lines += [f"- {duty}" for duty in _job_duties(p, job, rng)] + [""]
    lines += ["## Publications", ""]
    for paper, venue, year in p.papers:
        lines.append(f"- {paper}. *{venue} {year}*.")
    lines.append("")
    if p.awards:
        lines += ["## Awards", ""] + [f"- {award} ({year})" for year, award in p.awards] + [""]
    lines += ["## Service", ""] + [f"- {row}" for row in _service(rng, p.vocabulary)] + [""]
    lines += ["## Contact", "", f"Email: {_slug(p.name).replace('-', '.')}@example.org", ""]
    return "\n".join(lines)


def _research_paragraph(p: Profile, rng: random.Random, first_person: bool) -> str:
    who = "I am" if first_person else f"{PRONOUNS[p.gender][0].capitalize()} is"
    method, task = rng.choice(METHODS).lower(), rng.choice(TASKS).lower()
    return (
        f"{who} especially interested in {p.interests[1]}. Recent work applies {method} to "
        f"{task}, with an emphasis on {rng.choice(ADJECTIVES).lower()} methods that work in "
        f"practice and on releasing code and data sets to the community."
    )


def _render_homepage(p: Profile, rng: random.Random) -> str:
    greeting = rng.choice(["Hi! I'm", "Hello, I am", "Welcome! I am"])
    title = p.current.title
    role = f"{_article(title)} {title} at {p.current.employer}"
    lines = [f"{p.name} - Homepage", "", f"{greeting} {p.name}, {role}."]
    body = (
        f"My research focuses on {p.interests[0]}. "
        f"I received my Ph.D. in {p.phd_field} from {p.phd_university} in {p.phd_year}, "
        f"where I was advised by {p.advisor}. Before that, I earned my "
        f"{p.bachelor_degree} from {p.bachelor_university} in {p.bachelor_year}."
    )
    lines += ["", body, "", _research_paragraph(p, rng, first_person=True)]
    if len(p.jobs) > 1:
        earlier = ", ".join(f"{j.employer} ({j.title})" for j in p.jobs[1:])
        lines += ["", f"Before joining {p.current.employer}, I worked at {earlier}."]
    lines += ["", f"Outside work I enjoy {p.hobby}.", ""]
    p.shown.add("hobby")
    lines += _news_and_projects(p, rng, "")
    lines += ["News", ""]
    paper, venue, year = p.papers[0]
    lines += [f'- {year}: Our paper "{paper}" will appear at {venue}.', ""]
    lines += ["Selected Publications", ""]
    lines += [f"- {paper} ({venue} {year})" for paper, venue, year in p.papers] + [""]
    if p.awards:
        lines += ["Honors", ""] + [f"- {year}: {award}" for year, award in p.awards] + [""]
    return "\n".join(lines)


def _render_bio(p: Profile, rng: random.Random) -> str:
    she, her, _ = PRONOUNS[p.gender]
    cap = she.capitalize()
    title = p.current.title
    lines = [f"# {p.name}", ""]
    bio = (
        f"{p.name} is {_article(title)} {title} at {p.current.employer}, working on "
        f"{p.interests[0]}. {cap} completed {her} PhD in {p.phd_field} at {p.phd_university} "
        f"in {p.phd_year} under the supervision of {p.advisor}, with a dissertation titled "
        f'"{p.dissertation}". {cap} holds {_article(p.bachelor_degree)} {p.bachelor_degree} '
        f"from {p.bachelor_university}."
    )
    lines += [bio, "", _research_paragraph(p, rng, first_person=False), ""]
    if len(p.jobs) > 1:
        earlier = "; ".join(f"{j.title} at {j.employer} ({_years(j)})" for j in p.jobs[1:])
        lines += ["## Career", "", f"Previously, {she} was {earlier}.", ""]
    if p.awards:
        named = ", ".join(f"the {award} in {year}" for year, award in p.awards)
        lines += ["## Recognition", "", f"{cap} received {named}.", ""]
    lines += ["## Publications", ""]
    lines += [f"- {paper}, {venue} {year}" for paper, venue, year in p.papers] + [""]
    return "\n".join(lines)


def _phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+1 ({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            f"+49 89 {rng.randint(100000, 999999)}",
        ]
    )


def _obfuscated(email: str, rng: random.Random) -> str:
    """The e-mail as pages write it to keep scrapers off."""
    local, domain = email.split("@")
    dotted = domain.replace(".", rng.choice([" [dot] ", " dot ", "."]))
    return rng.choice(
        [email, f"{local} [at] {dotted}", f"{local} at {dotted}", f"{local}(at){domain}"]
    )


def _contact_lines(p: Profile, rng: random.Random, icons: bool) -> list[str]:
    """One or several contact lines: labelled, with icons, or bare, joined by bars or dots."""
    email = _obfuscated(p.email, rng)
    parts = []
    if icons:
        parts.append(f"{rng.choice(['✉', '📧', '@'])} {email}")
        if p.phone:
            parts.append(f"{rng.choice(['☎', '📞'])} {p.phone}")
        if p.github:
            parts.append(f"{rng.choice(['🐙', '💻', 'GH'])} github.com/{p.github}")
    else:
        parts.append(f"{rng.choice(['Email', 'E-mail', 'Mail'])}: {email}")
        if p.phone:
            parts.append(f"{rng.choice(['Phone', 'Tel', 'Mobile'])}: {p.phone}")
        if p.github:
            parts.append(f"GitHub: https://github.com/{p.github}")
    if rng.random() < 0.5:
        return [rng.choice([" | ", " · ", " • "]).join(parts)]
    return parts


def _authors(p: Profile, rng: random.Random) -> str:
    """An author list with the profile's person somewhere in it, initials or full names."""
    firsts, surnames = all_name_parts()
    others = [
        f"{rng.choice(firsts)[1]} {rng.choice(surnames[rng.choice(list(surnames))])}"
        for _ in range(rng.randint(1, 4))
    ]
    names = [*others]
    names.insert(rng.randint(0, len(names)), p.name)
    if rng.random() < 0.4:
        names = [f"{n.split()[0][0]}. {n.split()[-1]}" for n in names]
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _range(start: int, end: int | None, rng: random.Random) -> str:
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    dash = rng.choice([" – ", " - ", "–", " to "])
    if rng.random() < 0.5:
        first = f"{rng.choice(months)} {start}"
        last = "Present" if end is None else f"{rng.choice(months)} {end}"
    else:
        first, last = str(start), "present" if end is None else str(end)
    return f"{first}{dash}{last}"


def _advisor_line(p: Profile, rng: random.Random) -> str:
    firsts, surnames = all_name_parts()
    member = f"{rng.choice(firsts)[1]} {rng.choice(surnames[rng.choice(list(surnames))])}"
    return rng.choice(
        [
            f"Advisor: {p.advisor}",
            f"Advisor: Prof. {p.advisor}",
            f"Supervisor: {p.advisor}",
            f"Advised by {p.advisor}",
            f"Committee: {p.advisor} (chair), {member}",
        ]
    )


def _news_and_projects(p: Profile, rng: random.Random, heading: str) -> list[str]:
    """Dated news items, projects and invited talks: the many sentences of a real page that
    answer nothing asked about its person's degrees or jobs."""
    months = "January February March April May June July August September October November"
    words = p.vocabulary
    lines = [f"{heading} News".strip(), ""]
    for _ in range(rng.randint(2, 5)):
        year = rng.randint(p.phd_year, 2025)
        item = rng.choice(
            [
                f"Gave an invited talk on {rng.choice(METHODS).lower()} at {rng.choice(words.universities)}.",
                f"Our work on {rng.choice(TASKS).lower()} was featured in a podcast.",
                f"Served as area chair for {rng.choice(words.venues)} {year}.",
                f"Organised a workshop on {rng.choice(words.interests)} at {rng.choice(words.venues)}.",
                f"Released an open-source toolkit for {rng.choice(TASKS).lower()}.",
                f"Welcomed {rng.randint(2, 5)} new students to the group.",
            ]
        )
        lines.append(f"- {rng.choice(months.split())} {year}: {item}")
    lines += ["", f"{heading} Projects".strip(), ""]
    for _ in range(rng.randint(1, 3)):
        adjective, method, task = rng.choice(ADJECTIVES), rng.choice(METHODS), rng.choice(TASKS)
        lines.append(
            f"{adjective} {task}: a system that uses {method.lower()} to make {task.lower()} "
            f"cheaper and easier to deploy. It is used by several teams and has "
            f"{rng.randint(2, 40) * 100} stars on GitHub."
        )
    return [*lines, ""]


def _render_cv_sections(p: Profile, rng: random.Random) -> str:
    """A CV as text extracted from a PDF: title-case headings, dated entries, field labels."""
    lines = [p.name, rng.choice(["Curriculum Vitae", "CV", "Résumé", ""])]
    lines += _contact_lines(p, rng, icons=rng.random() < 0.4)
    label = rng.choice(["Research interests", "Research Interests", "Interests", "Areas"])
    lines += ["", f"{label}: {', '.join(p.interests)}", ""]
    lines += [rng.choice(["Education", "EDUCATION", "Education and Training"]), ""]
    degree = rng.choice(["Ph.D.", "PhD", "Doctor of Philosophy"])
    lines += [
        f"{degree} in {p.phd_field}, {p.phd_university}{rng.choice([', ', '   '])}"
        f"{p.phd_year - rng.randint(4, 6)} – {p.phd_year}",
        f"{rng.choice(['Thesis', 'Dissertation'])}: “{p.dissertation}”",
        _advisor_line(p, rng),
        f"{p.bachelor_degree} in {p.phd_field}, {p.bachelor_university}, {p.bachelor_year}",
        "",
    ]
    heading = rng.choice(["Professional Experience", "Employment", "Appointments", "Experience"])
    lines += [heading, ""]
    for job in p.jobs:
        lines.append(f"{job.title}, {job.employer}{'   '}{_range(job.start, job.end, rng)}")
        lines += [f"• {duty}" for duty in _job_duties(p, job, rng)]
    lines += ["", rng.choice(["Publications", "Selected Publications", "Conference Papers"]), ""]
    for number, (paper, venue, year) in enumerate(p.papers, 1):
        where = rng.choice(
            [f"In Proceedings of {venue} {year}", f"{venue} {year}", f"{venue}, {year}"]
        )
        lines.append(f"[{number}] {_authors(p, rng)}. “{paper}.” {where}.")
    if p.awards:
        lines += ["", rng.choice(["Awards and Honors", "Honors & Awards", "Awards"]), ""]
        lines += [f"{year}   {award}" for year, award in p.awards]
    lines += ["", rng.choice(["Teaching", "Teaching Experience"]), ""]
    for code, course, year in p.courses:
        role = rng.choice(["Instructor", "Teaching Assistant", "Guest Lecturer"])
        lines.append(f"{role}, {code}: {course}, {rng.choice(TERMS)} {year}")
    p.shown.add("teaching")
    lines += ["", rng.choice(["Service", "Professional Service"]), ""]
    lines += _service(rng, p.vocabulary)
    p.shown.add("service")
    lines += ["", *_news_and_projects(p, rng, "")]
    return "\n".join(lines) + "\n"


def _render_cv_pdf_columns(p: Profile, rng: random.Random) -> str:
    """A two-column CV as PDF readers extract it: each heading sits in a left column and comes
    out joined to its section's first line by " · " (the reader's cell separator), the field
    is written before the degree, papers take three lines (title, authors, venue and year)
    in two lists, and terms of the academic year date the teaching."""
    cell = " · "
    lines = [p.name, "", f"Contact{cell}{p.email}", ""]
    lines += [f"{rng.choice(['Research', 'Interests'])}{cell}{', '.join(p.interests)}", ""]
    lines += [
        f"Education{cell}{p.phd_university}",
        f"{p.phd_field}, {rng.choice(['Ph.D.', 'PhD'])}, {p.phd_year - rng.randint(4, 6)} – "
        f"{p.phd_year}",
        _advisor_line(p, rng),
        "",
        p.bachelor_university,
        f"{p.phd_field}, {p.bachelor_degree}, {p.bachelor_year}",
        "",
    ]
    for number, job in enumerate(p.jobs):
        first = f"{rng.choice(['Experience', 'Employment'])}{cell}" if number == 0 else ""
        lines += [f"{first}{job.employer}", f"{job.title}{cell}{_range(job.start, job.end, rng)}"]
        lines += [f"• {duty}" for duty in _job_duties(p, job, rng)] + [""]
    journal = [paper for number, paper in enumerate(p.papers) if number % 2 == 0]
    conference = [paper for number, paper in enumerate(p.papers) if number % 2 == 1]
    lists = [("Journal Articles", journal), ("Conference Papers", conference)]
    for number, (heading, papers) in enumerate(item for item in lists if item[1]):
        lines.append(f"Publications{cell}{heading}" if number == 0 else heading)
        for title, venue, year in papers:
            lines += [f"{title}.", f"{_authors(p, rng)}.", f"{venue}, {year}.", ""]
    if p.awards:
        lines += [
            f"{year} {award}" if i else f"Awards{cell}{year} {award}"
            for i, (year, award) in enumerate(p.awards)
        ] + [""]
    for number, (code, course, year) in enumerate(p.courses):
        first = f"Teaching{cell}" if number == 0 else ""
        lines.append(f"{first}Teaching Assistant, {code}: {course}{cell}{rng.choice(TERMS)} {year}")
    p.shown.add("teaching")
    return "\n".join(lines) + "\n"


def _tex(text: str) -> str:
    return text.replace("&", r"\&").replace("%", r"\%").replace("_", r"\_")


def _render_cv_latex(p: Profile, rng: random.Random) -> str:
    """A LaTeX CV: sections, bold entry titles, \\hfill dates, itemized duties."""
    contact = [rf"\href{{mailto:{p.email}}}{{{p.email}}}"]
    if p.phone:
        contact.append(p.phone)
    if p.github:
        contact.append(rf"\href{{https://github.com/{p.github}}}{{github.com/{p.github}}}")
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage{hyperref}",
        r"\begin{document}",
        r"\begin{center}",
        rf"{{\Large \textbf{{{p.name}}}}}\\",
        " $|$ ".join(contact),
        r"\end{center}",
        "",
        r"\section*{Research Interests}",
        _tex(", ".join(p.interests).capitalize() + "."),
        "",
        r"\section*{Education}",
        rf"\textbf{{{p.phd_university}}} \hfill {p.phd_year}\\",
        rf"Ph.D. in {p.phd_field}. Advisor: {p.advisor}.\\",
        rf"Thesis: \emph{{{p.dissertation}}}",
        "",
        rf"\textbf{{{p.bachelor_university}}} \hfill {p.bachelor_year}\\",
        rf"{p.bachelor_degree} in {p.phd_field}",
        "",
        r"\section*{Experience}",
    ]
    for job in p.jobs:
        lines.append(rf"\textbf{{{_tex(job.employer)}}} \hfill {_years(job)}\\")
        lines.append(rf"\emph{{{job.title}}}")
        lines.append(r"\begin{itemize}")
        lines += [rf"  \item {duty}" for duty in _job_duties(p, job, rng)]
        lines += [r"\end{itemize}", ""]
    lines.append(r"\section*{Publications}")
    lines.append(r"\begin{enumerate}")
    for paper, venue, year in p.papers:
        lines.append(rf"  \item {_authors(p, rng)}. \textit{{{paper}}}. {venue}, {year}.")
    lines += [r"\end{enumerate}", ""]
    if p.awards:
        lines += [r"\section*{Honors and Awards}", r"\begin{itemize}"]
        lines += [rf"  \item {award} \hfill {year}" for year, award in p.awards]
        lines += [r"\end{itemize}", ""]
    lines += [r"\section*{Teaching}", r"\begin{itemize}"]
    lines += [rf"  \item {code}: {course} ({year})" for code, course, year in p.courses]
    p.shown.add("teaching")
    lines += [r"\end{itemize}", r"\end{document}", ""]
    return "\n".join(lines)


def _render_homepage_markdown(p: Profile, rng: random.Random) -> str:
    """A first-person Markdown homepage: icon contact line, news, bold-name paper list."""
    title = p.current.title
    lines = [f"# {p.name}", ""]
    lines += [" ".join(_contact_lines(p, rng, icons=True)), ""]
    lines += [
        f"I am {_article(title)} {title} at {p.current.employer}. My research interests "
        f"include {p.interests[0]} and {p.interests[1]}.",
        "",
        _research_paragraph(p, rng, first_person=True),
        "",
    ]
    if len(p.jobs) > 1:
        earlier = p.jobs[1]
        lines += [
            f"Previously, I was {_article(earlier.title)} {earlier.title} at {earlier.employer}"
            f" ({_years(earlier)}). I did my PhD at {p.phd_university} with {p.advisor}.",
            "",
        ]
    else:
        lines += [f"I did my PhD at {p.phd_university} with {p.advisor}.", ""]
    lines += ["## News", ""]
    paper, venue, year = p.papers[0]
    lines += [f"- **{year}**: “{paper}” accepted to {venue} {year}!", ""]
    lines += ["## Publications", ""]
    for paper, venue, year in p.papers:
        authors = _authors(p, rng).replace(p.name, f"**{p.name}**")
        lines.append(f"- **{paper}**  \n  {authors}  \n  *{venue} {year}* [[pdf]] [[code]]")
    lines += ["", "## Teaching", ""]
    lines += [f"- {course} ({code}), {year}" for code, course, year in p.courses]
    p.shown.add("teaching")
    lines += ["", *_news_and_projects(p, rng, "##")]
    return "\n".join(lines) + "\n"


def _render_portfolio_cards(p: Profile, rng: random.Random) -> str:
    """A portfolio page as HTML extracts: a place line, a summary line, then one card per job
    (the employer as a heading, the title, the dates and the place on lines of their own)."""
    years = 2025 - p.jobs[-1].start
    lines = [f"# {p.name}", "", rng.choice(p.vocabulary.places), ""]
    lines += [
        f"{p.current.title} with {years}+ years of experience in {p.interests[0]}. "
        f"Currently building products for {p.current.employer}.",
        "",
        "## Work Experience",
        "",
        rng.choice(["My professional journey", "Where I have worked", "Experience so far"]),
        "",
    ]
    for job in p.jobs:
        start = f"{rng.choice(MONTHS)} {job.start}"
        end = "Present" if job.end is None else f"{rng.choice(MONTHS)} {job.end}"
        lines += [f"## {job.employer}", "", job.title, "", f"{start} - {end}", ""]
        lines += [rng.choice(p.vocabulary.places), "", f"{rng.choice(_duties(rng))}.", ""]
    lines += ["## Education", "", f"Ph.D. in {p.phd_field}", "", str(p.phd_year), ""]
    lines += [p.phd_university, "", f"Thesis: {p.dissertation}", ""]
    lines += [p.bachelor_degree, "", str(p.bachelor_year), "", p.bachelor_university, ""]
    lines += ["## Publications", ""]
    lines += [f"{paper}. {venue}, {year}." for paper, venue, year in p.papers] + [""]
    lines += ["## Get In Touch", "", f"Email: {p.email}", ""]
    return "\n".join(lines)


def _render_cv_pdf_entries(p: Profile, rng: random.Random) -> str:
    """A one-column PDF CV as PDF readers extract it: headings in capitals, a heading sometimes
    run into its section's first line ("EXPERIENCE Acme · Berlin"); each job either as
    "employer · place" over "role · dates" and bullets, or in small capitals that come out in
    lower case, "employer · dates" over the role and a sentence describing the work."""
    lines = [p.name.upper(), p.email, ""]

    def heading(title: str, first: str) -> list[str]:
        return [f"{title} {first}"] if rng.random() < 0.4 else [title, first]

    lines += heading("EDUCATION", f"{p.phd_university} · {rng.choice(p.vocabulary.places)}")
    lines += [f"Ph.D. in {p.phd_field} · {p.phd_year - rng.randint(4, 6)} – {p.phd_year}"]
    lines += [_advisor_line(p, rng), ""]
    lines += [
        p.bachelor_university,
        f"{p.bachelor_degree} in {p.phd_field} · {p.bachelor_year}",
        "",
    ]
    small_capitals = rng.random() < 0.5
    for number, job in enumerate(p.jobs):
        dates = _range(job.start, job.end, rng)
        if small_capitals:
            details = [f"{rng.choice(_duties(rng))}, from the first prototype to production."]
            entry = [f"{job.employer.lower()} · {dates}", job.title, *details]
        else:
            details = _duties(rng)
            entry = [
                f"{job.employer} · {rng.choice(p.vocabulary.places)}",
                f"{job.title} · {dates}",
            ]
            entry += [f"• {detail}" for detail in details]
        p.details[job.employer] = details
        lines += (heading("EXPERIENCE", entry[0]) if number == 0 else entry[:1]) + entry[1:]
        lines.append("")
    lines += heading(
        "PUBLICATIONS", f"{_authors(p, rng)}. {p.papers[0][0]}. {p.papers[0][1]}, {p.papers[0][2]}."
    )
    for paper, venue, year in p.papers[1:]:
        lines.append(f"{_authors(p, rng)}. {paper}. {venue}, {year}.")
    lines.append("")
    if p.awards:
        lines += ["HONORS AND AWARDS"] + [f"{award}, {year}" for year, award in p.awards] + [""]
    return "\n".join(lines)


def _rule(rng: random.Random) -> str:
    return rng.choice(".=-") * rng.randint(30, 90)


def _month_year(year: int, rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)[:3]} {year}"


def _render_resume_dates_first(p: Profile, rng: random.Random) -> str:
    """A plain-text industry résumé: a "last updated" stamp beside the name, a postal address,
    headings under rule lines, and each job's dates on a line before its title and employer."""
    stamp = f"Last updated on {rng.randint(1, 28)} {rng.choice(MONTHS)} 2025"
    lines = [f"{p.name} · {stamp}", p.current.title]
    lines += [f"{rng.choice(p.vocabulary.places)}, {rng.randint(10000, 99999)} | {p.email}", ""]
    lines += ["SUMMARY", _rule(rng), ""]
    lines += [
        f"{rng.choice(ADJECTIVES).capitalize()} engineer with a focus on {p.interests[0]}.",
        f"Experienced in {p.interests[1]} and in leading small teams.",
        "",
        "EXPERIENCE",
        _rule(rng),
        "",
    ]
    for job in p.jobs:
        end = "Present" if job.end is None else str(job.end)
        lines += [f"{job.start}–{end}", "", job.title, job.employer]
        lines += [f"{rng.choice(_duties(rng)).capitalize()}.", ""]
    lines += ["EDUCATION", _rule(rng), ""]
    lines += [f"Ph.D. in {p.phd_field}, {p.phd_university}, {p.phd_year}", ""]
    lines += ["INTERESTS", _rule(rng), "", f"* {p.hobby.capitalize()}", "* Open source", ""]
    return "\n".join(lines)


def _render_resume_headings(p: Profile, rng: random.Random) -> str:
    """A résumé page as HTML extracts: the title beside the name in its heading, a profile
    paragraph, and each job as headings of its own (title, then employer) over its dates."""
    lines = [f"# {p.name} / {p.current.title}", "", "## Profile", ""]
    lines += [
        f"Specialist in {p.interests[0]} with experience in {p.interests[1]}. "
        f"Experienced speaker and writer.",
        "",
        "## Work History",
        "",
    ]
    for job in p.jobs:
        end = "Present" if job.end is None else str(job.end)
        lines += [f"### {job.title}", "", f"### {job.employer}", "", f"{job.start}-{end}", ""]
        lines += [f"{rng.choice(_duties(rng)).capitalize()}.", ""]
    lines += ["## Education", "", f"### {p.phd_university}", "", f"Ph.D. in {p.phd_field}", ""]
    lines += ["## Hobbies", "", f"- {p.hobby.capitalize()}", ""]
    return "\n".join(lines)


def _render_readme_profile(p: Profile, rng: random.Random) -> str:
    """A GitHub profile README: a greeting heading, a degree line with badges, emoji headings,
    and the current job stated in a bullet of an "About me" section at the end."""
    first = p.name.split()[0]
    lines = [f"# {p.name}", "", f"🎓 Ph.D. {p.phd_field} · {p.phd_university}", ""]
    lines += [f"## Hi, I'm {first} 👋", "", "## 🔧 What I'm building right now", ""]
    lines += [f"- 🤖 Tools for {p.interests[0]}", f"- 🔍 Experiments in {p.interests[1]}", ""]
    lines += ["## 💻 Tech Stack", "", "Python · Rust · PostgreSQL", ""]
    lines += ["## 👩‍💻 About me", ""]
    lines += [
        f"- 🏗️ Currently working as {_article(p.current.title)} {p.current.title} at "
        f"{p.current.employer}",
        f"- 🌱 In my free time: {p.hobby}",
        "",
    ]
    return "\n".join(lines)


# -- the wider layouts of real CVs, résumés and homepages (WIDER_STYLES) -------------------------
# General conventions seen across real documents of every kind, written as templates: dates
# with apostrophe years, "since" and open ends, industry résumés with achievement bullets, a
# two-column PDF whose sidebar text comes out between the main column's sections, tables, long
# third-person prose bios that go on by surname, headings in another language, and profile
# READMEs with badges and emoji lines.


def _loose_range(start: int, end: int | None, rng: random.Random) -> str:
    """A job's dates in one of the ways résumés write them."""
    months = "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec".split()
    month = rng.choice(months)
    later = rng.choice(months)
    open_end = rng.choice(["present", "Present", "PRESENT", "now", "current", "Current"])
    forms = [
        f"{month} ’{start % 100:02d} – {open_end if end is None else f'{later} ’{end % 100:02d}'}",
        f"{start} – {open_end if end is None else end}",
        f"{months.index(month) + 1:02d}/{start} – "
        + (open_end if end is None else f"{months.index(later) + 1:02d}/{end}"),
        f"{month}. {start} - {open_end.upper() if end is None else f'{later}. {end}'}",
        f"{start}–" if end is None else f"{start}–{end}",
    ]
    if end is None:
        forms.append(f"Since {start}")
    return rng.choice(forms)


_METRICS = (
    "Increased {t} throughput by {n}% by moving to {m}",
    "Cut {t} costs by {n}% across {k} teams",
    "Grew the {t} user base from {k}k to {j}k in {y} months",
    "Reduced incident rate by {n}% through {a} on-call tooling",
    "Delivered {m} for {t} {n}% ahead of schedule",
    "Managed a team of {k} engineers and a ${j}k budget",
)


def _achievements(p: Profile, job: Job, rng: random.Random) -> list[str]:
    """Achievement bullets with figures, as industry résumés list them (kept as the job's
    details, for the questions about what was done there)."""
    rows = []
    for template in rng.sample(_METRICS, rng.randint(2, 3)):
        rows.append(
            template.format(
                t=rng.choice(TASKS).lower(),
                m=rng.choice(METHODS).lower(),
                a=rng.choice(ADJECTIVES).lower(),
                n=rng.randint(10, 70),
                k=rng.randint(3, 12),
                j=rng.randint(20, 900),
                y=rng.randint(3, 18),
            )
        )
    p.details[job.employer] = rows
    return rows


def _degree_short(p: Profile, rng: random.Random) -> str:
    return rng.choice(["PhD", "Ph.D.", "Doctorate", "DPhil"])


def _render_resume_achievements(p: Profile, rng: random.Random) -> str:
    """An industry résumé as Word or PDF text: a title and contact bar under the name, a
    summary under a heading of its own, each job as one line of title, employer, place and
    dates in some order, achievement bullets with figures, then education, skills and
    certifications."""
    place = rng.choice(PLACES)
    bar = rng.choice([" | ", " · ", " • "])
    lines = [p.name.upper() if rng.random() < 0.5 else p.name]
    lines += [bar.join([p.current.title, place, p.email]), ""]
    lines += [rng.choice(["PROFESSIONAL SUMMARY", "Summary", "PROFILE", "About Me"])]
    years = 2025 - p.jobs[-1].start
    lines += [
        f"{p.current.title} with {years}+ years of experience in {p.interests[0]} and "
        f"{p.interests[1]}. Known for shipping reliable systems and mentoring engineers.",
        "",
        rng.choice(["PROFESSIONAL EXPERIENCE", "Work Experience", "EXPERIENCE", "Employment"]),
    ]
    layout = rng.choice(["bar", "dash", "tab", "two_lines"])
    for job in p.jobs:
        dates, where = _loose_range(job.start, job.end, rng), rng.choice(PLACES)
        if layout == "bar":
            lines.append(f"{job.title} | {job.employer} · {dates} | {where}")
        elif layout == "dash":
            lines.append(f"{job.employer} — {job.title} — {where} — {dates}")
        elif layout == "tab":
            lines += [f"{job.title}\t{dates}", f"{job.employer}, {where}"]
        else:
            lines += [f"{job.employer}, {where}", f"{job.title}, {dates}"]
        lines += [f"{rng.choice('•▪-')} {row}" for row in _achievements(p, job, rng)]
        lines.append("")
    lines.append(rng.choice(["EDUCATION", "Education"]))
    lines += [
        f"{_degree_short(p, rng)} in {p.phd_field} — {p.phd_university}, {p.phd_year}",
        f"{p.bachelor_degree} in {p.phd_field} — {p.bachelor_university}, {p.bachelor_year}",
        "",
    ]
    if p.awards:
        lines.append(rng.choice(["HONORS & AWARDS", "Awards & Certifications", "AWARDS"]))
        lines += [f"{award}{rng.choice([' — ', ', ', ' '])}{year}" for year, award in p.awards]
        lines.append("")
    return "\n".join(lines)


def _render_cv_two_column_text(p: Profile, rng: random.Random) -> str:
    """A two-column PDF CV in the order PDF readers extract it: the sidebar (contact,
    education, skills, languages) comes out after the name or between the main column's
    sections, and some lines of the two columns run together with wide gaps."""
    main = [p.name, p.current.title, ""]
    main += ["PROFILE", f"Working on {p.interests[0]} and {p.interests[1]}.", ""]
    main += ["EXPERIENCE"]
    for job in p.jobs:
        main += [job.title, f"{job.employer} | {_loose_range(job.start, job.end, rng)}"]
        main += [f"• {row}" for row in _job_duties(p, job, rng)]
    main.append("")
    main += ["PUBLICATIONS"]
    main += [f"{paper} ({venue}, {year})" for paper, venue, year in p.papers[:4]] + [""]
    side = ["CONTACT", p.email, rng.choice(PLACES), ""]
    side += [
        "EDUCATION",
        f"{_degree_short(p, rng)}, {p.phd_field}",
        p.phd_university,
        f"{p.phd_year - rng.randint(4, 6)} - {p.phd_year}",
        p.bachelor_degree,
        p.bachelor_university,
        str(p.bachelor_year),
        "",
    ]
    side += ["LANGUAGES", rng.choice(["English (fluent)", "English — C2"]), ""]
    where = rng.choice(["after_name", "middle", "interleaved"])
    if where == "after_name":
        lines = main[:3] + side + main[3:]
    elif where == "middle":
        cut = main.index("PUBLICATIONS")
        lines = main[:cut] + side + main[cut:]
    else:  # each extracted line: a main-column line, a gap, the sidebar's line beside it
        lines = [
            f"{left}{' ' * rng.randint(4, 12)}{right}".rstrip() if right else left
            for left, right in zip(main, side + [""] * (len(main) - len(side)), strict=False)
        ]
        lines += side[len(main) :]
    return "\n".join(lines) + "\n"


def _render_cv_table(p: Profile, rng: random.Random) -> str:
    """A CV laid out in tables, as Word, HTML or Markdown tables extract: one row per entry,
    the dates in the first cell, the cells joined by tabs or bars."""
    markdown = p.file_name.endswith(".md")

    def row(*cells: str) -> str:
        return f"| {' | '.join(cells)} |" if markdown else "\t".join(cells)

    def table(title: str, header_cells: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
        out = [f"## {title}" if markdown else title, ""]
        if markdown:
            out += [row(*header_cells), row(*["---"] * len(header_cells))]
        return out + [row(*cells) for cells in rows] + [""]

    lines = [f"# {p.name}" if markdown else p.name, "", f"Email: {p.email}", ""]
    lines += table(
        "Employment",
        ("Period", "Position", "Employer"),
        [(_loose_range(j.start, j.end, rng), j.title, j.employer) for j in p.jobs],
    )
    lines += table(
        "Education",
        ("Year", "Degree", "Institution"),
        [
            (str(p.phd_year), f"PhD in {p.phd_field}", p.phd_university),
            (str(p.bachelor_year), f"{p.bachelor_degree} in {p.phd_field}", p.bachelor_university),
        ],
    )
    lines += [f"Doctoral advisor: {p.advisor}", ""]
    if p.awards:
        lines += table("Awards", ("Year", "Award"), [(str(y), a) for y, a in p.awards])
    lines += table(
        "Publications",
        ("Year", "Title", "Venue"),
        [(str(year), paper, venue) for paper, venue, year in p.papers],
    )
    lines += table(
        "Teaching", ("Year", "Course"), [(str(y), f"{code}: {c}") for code, c, y in p.courses]
    )
    p.shown.add("teaching")
    return "\n".join(lines)


def _render_bio_prose_long(p: Profile, rng: random.Random) -> str:
    """A long third-person bio as a speaker page or department page gives it: paragraphs of
    prose, the person named in full once and then by surname or title and surname, the
    current role "since" a year, earlier jobs as "prior to joining", degrees in a sentence."""
    she, her, _ = PRONOUNS[p.gender]
    surname = p.name.split()[-1]
    later = rng.choice([surname, f"Dr. {surname}", she.capitalize()])
    title = p.current.title
    paragraphs = [
        f"{p.name} is {_article(title)} {title} at {p.current.employer}, where {she} has "
        f"worked since {p.current.start}. {later}'s work focuses on {p.interests[0]}, with a "
        f"particular interest in {p.interests[1]}."
        if later != she.capitalize()
        else f"{p.name} is {_article(title)} {title} at {p.current.employer}, where {she} has "
        f"worked since {p.current.start}. {her.capitalize()} work focuses on {p.interests[0]}, "
        f"with a particular interest in {p.interests[1]}.",
    ]
    if len(p.jobs) > 1:
        before = p.jobs[1]
        paragraphs.append(
            f"Prior to joining {p.current.employer}, {later} spent "
            f"{max(1, (before.end or 2025) - before.start)} years at {before.employer} as "
            f"{_article(before.title)} {before.title}."
        )
    paragraphs.append(
        f"{later} earned {her} {_degree_short(p, rng)} in {p.phd_field} from "
        f"{p.phd_university} in {p.phd_year}, advised by {p.advisor}, and holds "
        f"{_article(p.bachelor_degree)} {p.bachelor_degree} from {p.bachelor_university}."
    )
    if p.awards:
        named = _and([f"the {award} ({year})" for year, award in p.awards])
        paragraphs.append(f"{her.capitalize()} work has been recognised with {named}.")
    paragraphs.append(
        f"{later} has published at {_and(sorted({v for _, v, _ in p.papers})[:3])}, most "
        f'recently "{p.papers[0][0]}" ({p.papers[0][2]}).'
    )
    heading = rng.choice(["", "About", "Biography", "Speaker bio"])
    lines = [f"# {p.name}", ""] + ([f"## {heading}", ""] if heading else [])
    return "\n".join(lines) + "\n\n".join(paragraphs) + "\n"


# CV headings in other languages (German, French, Spanish, Portuguese, Italian, Dutch):
# (education, experience, publications, awards, skills, present, since)
FOREIGN_HEADINGS = (
    (
        "Ausbildung",
        "Berufserfahrung",
        "Publikationen",
        "Auszeichnungen",
        "Kenntnisse",
        "heute",
        "seit",
    ),
    (
        "Formation",
        "Expérience professionnelle",
        "Publications",
        "Distinctions",
        "Compétences",
        "présent",
        "depuis",
    ),
    ("Formación", "Experiencia", "Publicaciones", "Premios", "Habilidades", "actualidad", "desde"),
    (
        "Formação",
        "Experiência profissional",
        "Publicações",
        "Prémios",
        "Competências",
        "atual",
        "desde",
    ),
    ("Istruzione", "Esperienza lavorativa", "Pubblicazioni", "Premi", "Competenze", "oggi", "dal"),
    ("Opleiding", "Werkervaring", "Publicaties", "Prijzen", "Vaardigheden", "heden", "sinds"),
)


def _render_cv_foreign_headings(p: Profile, rng: random.Random) -> str:
    """A CV whose headings and date words are in another language while names, titles and
    papers keep their own (English) form, as many European CVs are written."""
    education, experience, publications, awards, skills, present, since = rng.choice(
        FOREIGN_HEADINGS
    )
    lines = [p.name, p.email, ""]
    lines += [education.upper() if rng.random() < 0.5 else education, ""]
    lines += [
        f"{p.phd_year - rng.randint(4, 6)} – {p.phd_year}  PhD, {p.phd_field}, {p.phd_university}",
        _advisor_line(p, rng),
        f"{p.bachelor_year - 3} – {p.bachelor_year}  {p.bachelor_degree}, {p.bachelor_university}",
        "",
        experience.upper() if rng.random() < 0.5 else experience,
        "",
    ]
    for job in p.jobs:
        dates = (
            f"{since} {job.start}"
            if job.end is None and rng.random() < 0.5
            else (f"{job.start} – {present if job.end is None else job.end}")
        )
        lines += [f"{dates}  {job.title}, {job.employer}"]
        lines += [f"- {row}" for row in _job_duties(p, job, rng)]
    lines += ["", publications, ""]
    lines += [f"{_authors(p, rng)}. {t}. {v}, {y}." for t, v, y in p.papers] + [""]
    if p.awards:
        lines += [awards, ""] + [f"{year}  {award}" for year, award in p.awards] + [""]
    lines += [skills, "", "Python, LaTeX, Git", ""]
    return "\n".join(lines)


def _render_readme_badges(p: Profile, rng: random.Random) -> str:
    """A GitHub profile README: an HTML greeting heading, shields.io badges, emoji bullet lines
    for the current job, earlier jobs, learning and contact, a degree line with a GPA."""
    first = p.name.split()[0]
    badge = "https://img.shields.io/badge"
    lines = [
        f'<h1 align="center">Hi 👋, I\'m {p.name}</h1>',
        f'<h3 align="center">{_article(p.current.title).capitalize()} {p.current.title} '
        f"passionate about {p.interests[0]}</h3>",
        "",
        f"[![Email]({badge}/Email-D14836?style=flat&logo=gmail)](mailto:{p.email}) "
        f"[![Python]({badge}/-Python-3776AB?logo=python)](#) "
        f"[![Profile views](https://komarev.com/ghpvc/?username={_slug(first)})](#)",
        "",
        f"- 🔭 I’m currently working at **{p.current.employer}** as {p.current.title}",
    ]
    if len(p.jobs) > 1:
        lines.append(f"- 👯 Previously: {_and([j.employer for j in p.jobs[1:]])}")
    lines += [
        f"- 🌱 I’m currently learning {rng.choice(METHODS).lower()}",
        f"- 🎓 {_degree_short(p, rng)} {p.phd_field} · {p.phd_university} ({p.phd_year})",
        f"- 🎓 {p.bachelor_degree} · GPA {rng.choice(['3.8', '3.9', '4.0'])}/4.0 · "
        f"{p.bachelor_university}",
        f"- 📫 How to reach me: **{p.email}**",
        f"- ⚡ Fun fact: I love {p.hobby}",
        "",
    ]
    p.shown.add("hobby")
    if p.awards:
        lines += ["### 🏆 Awards", ""] + [f"- {award} ({year})" for year, award in p.awards]
        lines.append("")
    lines += ["### 📝 Recent papers", ""]
    lines += [f"- {paper} — *{venue} {year}*" for paper, venue, year in p.papers[:3]] + [""]
    return "\n".join(lines)


WIDER_STYLES = (
    "resume_achievements",
    "cv_two_column_text",
    "cv_table",
    "bio_prose_long",
    "cv_foreign_headings",
    "readme_badges",
)
# Every layout the generator knows: what the fitting scripts draw from.
ALL_STYLES = (*STYLES, *RESUME_STYLES, *WIDER_STYLES)


RENDERERS = {
    "cv_pdf_entries": _render_cv_pdf_entries,
    "resume_dates_first": _render_resume_dates_first,
    "resume_headings": _render_resume_headings,
    "readme_profile": _render_readme_profile,
    "portfolio_cards": _render_portfolio_cards,
    "cv_pdf_columns": _render_cv_pdf_columns,
    "cv_plain": _render_cv_plain,
    "cv_markdown": _render_cv_markdown,
    "homepage": _render_homepage,
    "bio_third_person": _render_bio,
    "cv_sections": _render_cv_sections,
    "cv_latex": _render_cv_latex,
    "homepage_markdown": _render_homepage_markdown,
    "resume_achievements": _render_resume_achievements,
    "cv_two_column_text": _render_cv_two_column_text,
    "cv_table": _render_cv_table,
    "bio_prose_long": _render_bio_prose_long,
    "cv_foreign_headings": _render_cv_foreign_headings,
    "readme_badges": _render_readme_badges,
}


def generate_profiles(
    n: int, seed: int = 0, styles: tuple[str, ...] = STYLES, vocabulary: Vocabulary = REAL
) -> list[Profile]:
    """n profiles; with `vocabulary=FICTIONAL` their organisations, venues, prizes, places,
    fields, research areas, courses and skills are made up (the stability check's profiles)."""
    rng = random.Random(seed)
    pairs = _unique_names(rng, n)
    profiles = [make_profile(rng, name, gender, styles, vocabulary) for name, gender in pairs]
    taken: set[str] = set()
    for i, profile in enumerate(profiles):  # distinct file names even for similar slugs
        if profile.file_name in taken:
            profile.file_name = f"{i:05d}-{profile.file_name}"
        taken.add(profile.file_name)
    return profiles


def write_corpus(profiles: list[Profile], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for profile in profiles:
        (folder / profile.file_name).write_text(profile.text, encoding="utf-8")


# -- questions ---------------------------------------------------------------------------------


def _fact(
    qid: str,
    question: str,
    person: str,
    expected: str,
    kind: str = "fact",
    history: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": kind,
        "question": question,
        "history": history or [],
        "answerable": True,
        "people": [person],
        "answer_contains": [expected],
    }


def _unanswerable(qid: str, question: str, kind: str = "unanswerable") -> dict[str, Any]:
    return {
        "id": qid,
        "kind": kind,
        "question": question,
        "history": [],
        "answerable": False,
        "people": [],
        "answer_contains": [],
    }


def questions_about(
    p: Profile, rng: random.Random, index: int, refer: random.Random | None = None
) -> list[dict[str, Any]]:
    """One to three answerable questions about `p` (and sometimes a follow-up). With `refer`
    (a stream of its own, so that the questions drawn stay those of `rng`), questions name the
    person as people type: in lower case, by surname or first name alone, casually."""
    her, name = p.possessive, p.name
    options = [
        (
            "phd",
            rng.choice(
                [
                    f"Where did {name} do {her} PhD?",
                    f"Which university awarded {name} {her} Ph.D.?",
                    f"Where did {name} get {her} doctorate?",
                ]
            ),
            p.phd_university,
        ),
        (
            "employer",
            rng.choice(
                [
                    f"Where does {name} work?",
                    f"Who is {name}'s current employer?",
                    f"Which company or institution does {name} work for now?",
                ]
            ),
            p.current.employer,
        ),
        (
            "bachelor",
            rng.choice(
                [
                    f"Where did {name} do {her} undergraduate studies?",
                    f"Where did {name} get {her} bachelor's degree?",
                ]
            ),
            p.bachelor_university,
        ),
        ("advisor", f"Who advised {name}'s PhD?", p.advisor),
    ]
    if p.awards:
        year, award = p.awards[0]
        options.append(("award", f"What award did {name} receive in {year}?", award))
    if len(p.jobs) > 1:
        options.append(
            ("previous", f"Where did {name} work before {p.current.employer}?", p.jobs[1].employer)
        )
    options += _more_kinds(p, rng)
    chosen = rng.sample(options, min(len(options), rng.randint(2, 5)))
    # a layout that leaves a detail out (a résumé gives no advisor) asks nothing about it
    text = p.text.lower()
    rows = [
        _fact(
            f"p{index}-{key}",
            _casual(q, p, refer) if refer else q,
            name,
            answer,
            kind=_KIND.get(key, "fact"),
        )
        for key, q, answer in chosen
        if answer.lower() in text
    ]
    if rng.random() < 0.3:
        rows.append(
            _fact(
                f"p{index}-fu-phd",
                f"And where did {PRONOUNS[p.gender][0]} do {her} PhD?",
                name,
                p.phd_university,
                kind="followup",
                history=[f"Where does {name} work?"],
            )
        )
    return rows


# The question kinds of the keys of `questions_about` (others are "fact").
_KIND = {
    "overview": "open",
    "role": "role",
    "interests": "open",
    "venue": "publications",
    "recent": "publications",
    "year": "publications",
    "education": "education",
    "teaching": "teaching",
    "email": "contact",
    "phone": "contact",
    "github": "contact",
    "worked-at": "yesno",
    "linkedin": "contact",
    "languages": "skills",
    "tools": "skills",
    "knows": "yesno",
    "first-job": "time",
    "did-at": "experience",
    "hobby": "open",
}


def _more_kinds(p: Profile, rng: random.Random) -> list[tuple[str, str, str]]:
    """Questions of the other kinds the router knows: overview, role, interests, publications
    by venue and year, teaching, contact, yes/no, time order; each with the string an answer
    must hold."""
    name, her = p.name, p.possessive
    options = [
        (
            "overview",
            rng.choice(
                [f"Who is {name}?", f"Tell me about {name}.", f"Give me a short bio of {name}."]
            ),
            p.current.employer,
        ),
        (
            "role",
            rng.choice(
                [
                    f"What is {name}'s current position?",
                    f"What is {name}'s job title?",
                    f"What role does {name} have now?",
                ]
            ),
            p.current.title,
        ),
        (
            "interests",
            rng.choice(
                [
                    f"What are {name}'s research interests?",
                    f"What topics does {name} work on?",
                    f"Which research areas is {name} interested in?",
                ]
            ),
            p.interests[0],
        ),
        (
            "worked-at",
            f"Has {name} worked at {p.jobs[-1].employer}?",
            p.jobs[-1].employer,
        ),
    ]
    venue_years = Counter((venue, year) for _, venue, year in p.papers)
    unique = [(t, v, y) for t, v, y in p.papers if venue_years[(v, y)] == 1]
    if unique:
        title, venue, year = rng.choice(unique)
        options.append(
            (
                "venue",
                rng.choice(
                    [
                        f"What did {name} publish at {venue} {year}?",
                        f"Which paper did {name} have at {venue} {year}?",
                    ]
                ),
                title,
            )
        )
    if len(p.papers) == 1 or p.papers[0][2] > p.papers[1][2]:
        options.append(("recent", f"What is {name}'s most recent paper?", p.papers[0][0]))
    years = Counter(year for _, _, year in p.papers)
    single = [(t, y) for t, _, y in p.papers if years[y] == 1]
    if single:  # a year alone, no venue: the entry of that year, whole
        title, year = rng.choice(single)
        options.append(("year", f"What did {name} publish in {year}?", title))
    options.append(
        (
            "education",
            rng.choice([f"What is {name}'s educational background?", f"Where did {name} study?"]),
            p.bachelor_university,
        )
    )
    if "teaching" in p.shown:
        options.append(
            (
                "teaching",
                rng.choice(
                    [f"What courses has {name} taught?", f"Which classes did {name} teach?"]
                ),
                p.courses[0][1],
            )
        )
    if "email" in p.shown:
        options.append(
            (
                "email",
                rng.choice([f"What is {name}'s email address?", f"How can I email {name}?"]),
                p.email.split("@")[0],
            )
        )
    if "phone" in p.shown:
        options.append(("phone", f"What is {name}'s phone number?", p.phone))
    if "github" in p.shown:
        options.append(("github", f"What is {name}'s GitHub?", p.github))
    if "hobby" in p.shown:
        options.append(("hobby", f"What does {name} do in {her} free time?", p.hobby))
    if p.linkedin:
        options.append(
            (
                "linkedin",
                rng.choice([f"What is {name}'s LinkedIn?", f"Is {name} on LinkedIn?"]),
                p.linkedin,
            )
        )
    if p.languages:
        options.append(
            (
                "languages",
                rng.choice(
                    [
                        f"What programming languages does {name} know?",
                        f"Which languages does {name} program in?",
                    ]
                ),
                p.languages[0],
            )
        )
        options.append(
            (
                "tools",
                rng.choice([f"What tools does {name} use?", f"What is {name}'s tech stack?"]),
                p.tools[0],
            )
        )
        tool = rng.choice(p.tools)
        options.append(
            (
                "knows",
                rng.choice([f"Is {name} familiar with {tool}?", f"Does {name} know {tool}?"]),
                tool,
            )
        )
    if len(p.jobs) > 1:
        options.append(
            ("first-job", f"What was {name}'s first job after {her} PhD?", p.jobs[-1].employer)
        )
    if p.details:  # what someone did at a place: a detail written under that job only
        job = rng.choice(p.jobs)
        asked = (
            f"What is {name} working on at {job.employer}?"
            if job.end is None
            else f"What did {name} do at {job.employer}?"
        )
        detail = p.details[job.employer][0].split(",")[0]
        options.append(("did-at", asked, " ".join(detail.split()[:4])))
    return options


def not_in_profile_questions(
    profiles: list[Profile], rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Questions about indexed people whose profile lacks the thing asked: a contact detail it
    does not give, an employer or degree the person never had, a teaching record it omits."""
    rows = []
    for i, p in enumerate(rng.sample(profiles, min(count, len(profiles)))):
        never = rng.choice([e for e in EMPLOYERS if all(j.employer != e for j in p.jobs)])
        published = {(venue, year) for _, venue, year in p.papers}
        venue, year = rng.choice(
            [(v, y) for v in VENUES for y in range(2015, 2026) if (v, y) not in published]
        )
        options = [
            f"Has {p.name} worked at {never}?",
            f"Does {p.name} have an MBA?",
            f"Where did {p.name} do {p.possessive} master's degree?",
            f"When did {p.name} join {never}?",
            f"Where did {p.name} do a postdoc?",
            f"What did {p.name} publish at {venue} {year}?",
            f"Which startup did {p.name} found?",
            f"Who was {p.name}'s master's advisor?",
        ]
        if "phone" not in p.shown:
            options.append(f"What is {p.name}'s phone number?")
        if "github" not in p.shown:
            options.append(f"What is {p.name}'s GitHub username?")
        if not p.linkedin:
            options.append(f"What is {p.name}'s LinkedIn?")
        if p.languages:
            options.append(f"Does {p.name} know {rng.choice(UNLISTED_LANGUAGES)}?")
        if "teaching" not in p.shown:
            options.append(f"Which courses has {p.name} taught?")
        if "hobby" not in p.shown:
            options.append(f"What are {p.name}'s hobbies?")
        rows.append(_unanswerable(f"absent-detail-{i}", rng.choice(options), kind="not-in-profile"))
    return rows


def absent_questions(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Questions about people who are in no generated corpus."""
    templates = [
        "Where does {n} work?",
        "Where did {n} do a PhD?",
        "What awards has {n} won?",
        "What does {n} research?",
    ]
    rows = []
    for i in range(count):
        name = f"{rng.choice(ABSENT_FIRST)} {rng.choice(ABSENT_LAST)}"
        rows.append(_unanswerable(f"absent-{i}", rng.choice(templates).format(n=name)))
    return rows


def missing_fact_questions(
    profiles: list[Profile], rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Questions about indexed people whose profile does not hold the answer."""
    templates = [
        "Where was {n} born?",
        "How old is {n}?",
        "What is {n}'s salary?",
        "Is {n} married?",
    ]
    picked = rng.sample(profiles, min(count, len(profiles)))
    return [
        _unanswerable(f"missing-{i}", rng.choice(templates).format(n=p.name), kind="missing-fact")
        for i, p in enumerate(picked)
    ]


def generate_questions(
    profiles: list[Profile], n_people: int = 100, seed: int = 1, casual: bool = False
) -> list[dict[str, Any]]:
    """Questions about `n_people` of the profiles, plus unanswerable ones (about a fifth).
    `casual` words the answerable ones as people type (`_casual`); the questions asked and
    their answers stay the same."""
    rng = random.Random(seed)
    refer = random.Random(f"casual-{seed}") if casual else None
    if refer is not None:
        _UNIQUE_PARTS.clear()
        _UNIQUE_PARTS.update(_unique_name_parts(profiles))
    sample = rng.sample(range(len(profiles)), min(n_people, len(profiles)))
    rows: list[dict[str, Any]] = []
    for i in sample:
        rows += questions_about(profiles[i], rng, i, refer)
    unanswerable = max(2, len(rows) // 5)
    rows += absent_questions(rng, unanswerable - unanswerable // 3)
    rows += missing_fact_questions(profiles, rng, unanswerable // 3)
    rows += not_in_profile_questions(profiles, rng, unanswerable)
    return rows


# Name parts (surnames, first names) only one generated person has: a question may name them
# alone without becoming ambiguous. Filled by generate_questions for the corpus at hand.
_UNIQUE_PARTS: set[str] = set()


def _unique_name_parts(profiles: list[Profile]) -> set[str]:
    counts = Counter(part for p in profiles for part in {p.name.split()[0], p.name.split()[-1]})
    return {part for part, n in counts.items() if n == 1}


# How people type a question in a chat box: a greeting or hedge before it, the question mark
# left off, everything in lower case.
_CASUAL_OPENERS = ("hey, ", "quick one: ", "so ", "ok, ", "hi! ")


def _casual(question: str, p: Profile, rng: random.Random) -> str:
    """The question with the person named as people type (full, lower case, surname or first
    name alone or a title and surname when no one else has that name) and sometimes typed
    casually."""
    first, last = p.name.split()[0], p.name.split()[-1]
    ways = [p.name, p.name.lower()]
    if last in _UNIQUE_PARTS:
        ways += [last, last.lower(), f"Dr. {last}"]
    if first in _UNIQUE_PARTS:
        ways += [first, first.lower()]
    question = question.replace(p.name, rng.choice(ways))
    if rng.random() < 0.3:
        question = question.rstrip("?.")
        if rng.random() < 0.5:
            question = rng.choice(_CASUAL_OPENERS) + question[0].lower() + question[1:]
        if rng.random() < 0.5:
            question = question.lower()
    return question


def _interest_wordings(interest: str) -> list[str]:
    """An interest as a question may word it: as written, its head before a qualifier
    ("computer vision" of "computer vision for healthcare"), or with a generic noun after it
    ("robot learning research"): lists must not need the profile's exact words."""
    head = re.split(r"\s+(?:for|of|and|in)\s+", interest)[0]
    others = INTEREST_OTHER_NAMES.get(interest, [])
    return list(dict.fromkeys([interest, head, f"{head} research", *others]))


# People-list templates: {x} is the thing asked about; the same thing in other words.
_LIST_TEMPLATES = {
    "employer": [
        "Who has worked at {x}?",
        "Which of them were employed by {x}?",
        "Has anyone here worked for {x}?",
        "Who has worked at {x} or {y}?",
    ],
    "university": [
        "Who studied at {x}?",
        "Which of them went to {x}?",
        "Who has a degree from {x}?",
    ],
    "venue": ["Who has published at {x}?", "Which of them have a paper at {x}?"],
    "interest": [
        "Who works on {x}?",
        "Whose research focuses on {x}?",
        "Which of them are interested in {x}?",
    ],
    "field": ["Who has a PhD in {x}?", "Which of them hold a doctorate in {x}?"],
}


# Questions drawn after the ones above, from a stream of their own (so those stay as they were):
# a job now, in the present tense, and a skill listed.
_MORE_LIST_TEMPLATES = {
    "employer now": ["Who works at {x}?", "Which of them are working at {x}?"],
    "skill": ["Which of them know {x}?", "Does anyone here use {x}?", "Who lists {x} as a skill?"],
}


def _holders(profiles: list[Profile], kind: str, thing: str) -> set[str]:
    """The people whose profile, as rendered, holds `thing` of `kind` (a research interest
    asked in other words counts when the profile shows the interest as it words it)."""
    found = set()
    for p in profiles:
        text = p.text.lower()
        if kind == "interest":
            held = [i for i in p.interests if thing in _interest_wordings(i)]
            has = any(i.lower() in text for i in held)
        elif kind == "employer":
            has = any(job.employer == thing for job in p.jobs) and thing.lower() in text
        elif kind == "employer now":
            has = p.current.employer == thing and thing.lower() in text
        elif kind == "skill":
            has = thing in (*p.languages, *p.tools)
        elif kind == "university":
            has = thing in (p.phd_university, p.bachelor_university) and thing.lower() in text
        elif kind == "venue":
            has = any(venue == thing for _, venue, _ in p.papers) and thing.lower() in text
        else:
            has = p.phd_field == thing and thing.lower() in text
        if has:
            found.add(p.name)
    return found


def people_list_questions(
    profiles: list[Profile], count: int, seed: int = 3
) -> list[dict[str, Any]]:
    """ "Which of them …" questions about the whole corpus (employers, universities, venues,
    research interests also in other words, PhD fields, "X or Y"), each with everyone who
    should be listed (benchmarks/bench_people_lists.py)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    pools = {
        "employer": sorted({j.employer for p in profiles for j in p.jobs}),
        "university": sorted({u for p in profiles for u in (p.phd_university,)}),
        "venue": sorted({v for p in profiles for _, v, _ in p.papers}),
        "interest": sorted(
            {w for p in profiles for i in p.interests for w in _interest_wordings(i)}
        ),
        "field": sorted({p.phd_field for p in profiles}),
    }
    for i in range(count):
        kind = rng.choice(list(pools))
        thing, other = rng.sample(pools[kind], 2)
        template = rng.choice(_LIST_TEMPLATES[kind])
        people = _holders(profiles, kind, thing)
        if "{y}" in template:
            people |= _holders(profiles, kind, other)
        rows.append(
            {
                "id": f"list-{i}",
                "kind": "list",
                "asks": f"{kind} (or)" if "{y}" in template else kind,
                "question": template.format(x=thing, y=other),
                "history": [],
                "answerable": bool(people),
                "people": sorted(people),
                "answer_contains": [],
            }
        )
    return rows + _more_people_list_questions(profiles, count // 4, seed)


def _more_people_list_questions(
    profiles: list[Profile], count: int, seed: int
) -> list[dict[str, Any]]:
    """Who works somewhere now, who lists a skill (_MORE_LIST_TEMPLATES)."""
    rng = random.Random(seed + 1)
    pools = {
        "employer now": sorted({p.current.employer for p in profiles}),
        "skill": sorted({s for p in profiles for s in (*p.languages, *p.tools)}),
    }
    rows: list[dict[str, Any]] = []
    for i in range(count):
        kind = rng.choice(list(pools))
        thing = rng.choice(pools[kind])
        people = _holders(profiles, kind, thing)
        question = rng.choice(_MORE_LIST_TEMPLATES[kind]).format(x=thing)
        rows.append(
            {
                "id": f"list-more-{i}",
                "kind": "list",
                "asks": kind,
                "question": question,
                "history": [],
                "answerable": bool(people),
                "people": sorted(people),
                "answer_contains": [],
            }
        )
    return rows


# -- command line ------------------------------------------------------------------------------


def identification_check(profiles: list[Profile]) -> tuple[int, list[str]]:
    """How many profiles the project assigns to the generated name; examples of misses."""
    from profilechat.config import Config
    from profilechat.loaders import load_document
    from profilechat.people import identify_person

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_corpus(profiles, root)
        config = Config(corpus_dir=root)
        misses = []
        for p in profiles:
            person = identify_person(load_document(root / p.file_name, root, config))
            if person != p.name:
                misses.append(f"{p.file_name}: {person!r} != {p.name!r}")
    return len(profiles) - len(misses), misses


def summary(profiles: list[Profile], questions: list[dict[str, Any]]) -> str:
    styles = Counter(p.style for p in profiles)
    sizes = sorted(len(p.text) for p in profiles)
    kinds = Counter(q["kind"] for q in questions)
    cultures = {c for c, _, _ in all_name_parts()[0]}
    rows = [
        ["profiles", len(profiles)],
        ["distinct full names", len({p.name for p in profiles})],
        ["name cultures in lists", len(cultures)],
        *[[f"style {s}", styles.get(s, 0)] for s in STYLES],
        ["median characters / profile", sizes[len(sizes) // 2]],
        ["max characters / profile", sizes[-1]],
        ["questions", len(questions)],
        *[[f"questions kind={k}", v] for k, v in sorted(kinds.items())],
    ]
    return format_table(["what", "count"], rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profiles", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write corpus/ and questions.jsonl here")
    args = parser.parse_args(argv)
    n = args.profiles or (50 if args.quick else 500)
    profiles = generate_profiles(n, args.seed)
    questions = generate_questions(profiles, n_people=min(n, 100), seed=args.seed + 1)
    print(header("synthetic profiles", args.quick, f"seed {args.seed}"))
    print(summary(profiles, questions))
    if args.out:
        write_corpus(profiles, args.out / "corpus")
        write_jsonl(args.out / "questions.jsonl", questions)
        print(f"wrote {args.out / 'corpus'} and {args.out / 'questions.jsonl'}")
    ok, misses = identification_check(profiles)
    print(f"\nperson identified as generated: {ok}/{len(profiles)}")
    for miss in misses[:10]:
        print("  miss:", miss)
    print("\nexample questions:")
    for row in questions[:3] + questions[-2:]:
        print(f"  [{row['kind']}] {row['question']} -> {row['answer_contains']}")


if __name__ == "__main__":
    main()
