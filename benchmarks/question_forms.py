"""A seeded generator of questions labelled with what they ask (form and topic), and a
benchmark of how the question reader (profilechat.intent) routes them.

    .venv/bin/python benchmarks/question_forms.py [--per-core 12] [--seed 0] [--show-misses 20]

Every question is composed from general English building blocks: a question core per form and
topic (several wordings of each: direct, indirect, casual, formal, elliptic), a way of naming the
person (full, first or last name, lower case, a title, a pronoun), and wrappers (openers,
politeness, trailing context, contractions, lower case without a question mark). Each core has an
id, so a fit can hold whole wordings out (fit_intent_weights.py). Nothing is copied from an
evaluation question set: the cores are written from how people ask about someone in English.

Forms and topics are those of profilechat.intent: open (overview, interests, contact), yes_no,
people_list, comparison and factoid; topics contact, advisor, education, awards, publications,
teaching, skills, interests, location, role, overview, or "" when a question names no part of a
profile ("When was she born?").
"""

from __future__ import annotations

import argparse
import random
import string
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from synthetic import (
    AWARDS,
    COURSES,
    EMPLOYERS,
    FIELDS,
    INTERESTS,
    METHODS,
    PLACES,
    PRONOUNS,
    TASKS,
    UNIVERSITIES,
    VENUES,
    _paper_title,
    all_name_parts,
)

OPEN, YES_NO, PEOPLE_LIST, COMPARISON, FACTOID = (
    "open",
    "yes_no",
    "people_list",
    "comparison",
    "factoid",
)

# Question cores, per (form, topic). Slots: {P} the person as subject or object, {Ps} the
# person's possessive ("Jane's", "her"), {A}/{B} and {As}/{Bs} two people, {ASK} an indirect
# question's lead-in ("Do you know", "Can you tell me"), and things a question may name: {ORG}
# an employer, {UNI} a university, {CITY}, {FIELD} a research area, {SUBJECT} a degree subject,
# {VENUE}, {AWARD}, {COURSE}, {YEAR}, {LANG} a programming language, {SPOKEN} a spoken language.
CORES: dict[tuple[str, str], tuple[str, ...]] = {
    # --- a short profile of someone: who, what they are about, their story
    (OPEN, "overview"): (
        "Who is {P}?",
        "Who's {P}?",
        "Who exactly is {P}?",
        "Tell me about {P}.",
        "Tell me a bit about {P}.",
        "Tell me more about {P}.",
        "What can you tell me about {P}?",
        "What do you know about {P}?",
        "What do we know about {P}?",
        "Give me the rundown on {P}.",
        "Give me an overview of {P}.",
        "Give me a quick bio of {P}.",
        "Summarize {Ps} profile.",
        "Summarise {Ps} career so far.",
        "Sum up {Ps} career in a few lines.",
        "Walk me through {Ps} background.",
        "What's {Ps} story?",
        "What's {Ps} deal?",
        "What's {P} up to these days?",
        "What is {P} known for?",
        "What's {P} best known for?",
        "Describe {P}.",
        "Introduce {P} to me.",
        "I'd like to know more about {P}.",
        "Fill me in on {P}.",
        "Brief me on {P}.",
        "Any info on {P}?",
        "Background on {P}, please.",
        "What does {P} do?",
        "Who is {P} and what do they do?",
        "Can you profile {P} for me?",
        "{ASK} who {P} is?",
        "I need a short introduction to {P}.",
        "Give me the highlights of {Ps} career.",
        "What should I know about {P}?",
        "Help me get to know {P}.",
        "Can you describe {Ps} professional background?",
        "What kind of person is {P} professionally?",
        "What's {P} doing these days?",
        "What does {P} do these days?",
        # casual
        "{P}?",
        "who's this {P}",
        "anything on {P}",
        "{P} — who?",
    ),
    # --- what someone works on: research interests, field, expertise
    (OPEN, "interests"): (
        "What are {Ps} research interests?",
        "What does {P} research?",
        "What does {P} work on?",
        "What is {P} working on?",
        "What's {P} working on these days?",
        "What field is {P} in?",
        "What area does {P} work in?",
        "What's {Ps} research about?",
        "What is {Ps} area of expertise?",
        "What is {Ps} specialty?",
        "What topics is {P} interested in?",
        "What's {Ps} main focus?",
        "What is {Ps} research agenda?",
        "What problems is {P} trying to solve?",
        "What is {P} an expert in?",
        "What does {P} specialise in?",
        "What does {P} specialize in?",
        "Which areas does {P} work in?",
        "What kind of research does {P} do?",
        "What kind of problems does {P} study?",
        "{ASK} what {P} works on?",
        "{ASK} what {Ps} research focuses on?",
        "What subjects does {P} investigate?",
        "What is {Ps} research focus right now?",
        "What scientific questions interest {P}?",
        "What is {Ps} line of work in research?",
        "What topics does {P} explore?",
        "In what domain does {P} do research?",
        # casual
        "what's {P} into research-wise",
        "{Ps} research?",
    ),
    # --- how to reach someone
    (OPEN, "contact"): (
        "How can I contact {P}?",
        "How do I reach {P}?",
        "How would I get hold of {P}?",
        "What's {Ps} email?",
        "What is {Ps} email address?",
        "How can I get in touch with {P}?",
        "Is there a way to reach {P}?",
        "Where can I find {P} online?",
        "What's the best way to contact {P}?",
        "How do I get in touch with {P}?",
        "{Ps} contact details?",
        "What's {Ps} phone number?",
        "What's {Ps} homepage?",
        "Contact info for {P}, please.",
        "What's {Ps} GitHub?",
        "How can I write to {P}?",
        "{ASK} how to contact {P}?",
        "{ASK} what {Ps} email is?",
        "Where can I send {P} a message?",
        "How can I get a message to {P}?",
        "What's {Ps} website?",
        "Do you have {Ps} contact information?",
        "Which email address does {P} use?",
        # casual
        "{Ps} email pls",
        "how do i ping {P}",
    ),
    # --- someone's job: employer, title, position, history of positions
    (FACTOID, "role"): (
        "Where does {P} work?",
        "Who does {P} work for?",
        "What is {Ps} current job?",
        "What's {Ps} job title?",
        "What is {Ps} position?",
        "What does {P} do for a living?",
        "Which company is {P} at?",
        "Who employs {P}?",
        "What's {Ps} current role?",
        "Where is {P} employed?",
        "What is {Ps} occupation?",
        "Where did {P} work before {ORG}?",
        "What was {Ps} first job?",
        "What did {P} do at {ORG}?",
        "Where has {P} worked?",
        "What companies has {P} worked for?",
        "What's {Ps} day job?",
        "Who's {Ps} employer?",
        "What team is {P} on?",
        "What position does {P} hold?",
        "When did {P} join {ORG}?",
        "How long has {P} been at {ORG}?",
        "Where did {P} intern?",
        "What was {Ps} previous job?",
        "{ASK} where {P} works?",
        "{ASK} what {Ps} job is?",
        "What's {Ps} title at {ORG}?",
        "Which organisation is {P} with now?",
        "What did {P} do after {ORG}?",
        "Where did {P} go after leaving {ORG}?",
        "What is {Ps} professional experience?",
        "What was {Ps} role at {ORG}?",
        "Tell me about {Ps} time at {ORG}.",
        "Where did {P} do {PP} postdoc?",
        "What is {P} doing at {ORG} now?",
        "Tell me more about {Ps} work history.",
        # casual
        "where's {P} working now",
        "{P} works where?",
        "who's {P} with these days",
        "what does {P} do at {ORG} exactly",
    ),
    # --- where someone is: city, country
    (FACTOID, "location"): (
        "Where is {P} based?",
        "Where does {P} live?",
        "Which city is {P} in?",
        "What city does {P} live in?",
        "Where is {P} located?",
        "Which country is {P} based in?",
        "In which city does {P} reside?",
        "What part of the world is {P} in?",
        "Whereabouts is {P} based?",
        "What town does {P} live in?",
        "What's {Ps} location?",
        "{ASK} where {P} is based?",
        "{ASK} which city {P} lives in?",
        "Where does {P} call home?",
        "Which country does {P} live in?",
    ),
    # --- degrees, universities, subjects, theses
    (FACTOID, "education"): (
        "Where did {P} study?",
        "What did {P} study?",
        "What degree does {P} have?",
        "Where did {P} get {PP} PhD?",
        "Where did {P} go to college?",
        "Which university did {P} attend?",
        "What did {P} major in?",
        "What's {Ps} educational background?",
        "When did {P} graduate?",
        "What was {Ps} thesis about?",
        "Where did {P} do {PP} undergrad?",
        "What is {Ps} highest degree?",
        "Where did {P} go to school?",
        "What was {Ps} dissertation on?",
        "What's {Ps} alma mater?",
        "Which school did {P} graduate from?",
        "Where did {P} earn a master's?",
        "Where did {P} do {PP} doctorate?",
        "{ASK} what {P} studied?",
        "{ASK} where {P} went to university?",
        "What degrees does {P} hold?",
        "In what subject is {Ps} bachelor's?",
        "When did {P} finish {PP} PhD?",
        "What was the title of {Ps} dissertation?",
        "Which college did {P} go to?",
        "How educated is {P}?",
        "What is {Ps} academic background?",
        "What did {P} study at {UNI}?",
        "Which degree did {P} earn at {UNI}?",
        "When did {P} graduate from {UNI}?",
        "Tell me about {Ps} education.",
        # marks a degree was given with, at a named place
        "What was {Ps} GPA at {UNI}?",
        "What grades did {P} get at {UNI}?",
        "Did {P} graduate cum laude?",
        "{ASK} what GPA {P} had?",
        "what gpa did {P} finish {PP} degree with",
        # casual
        "where'd {P} go to school",
        "{P} studied what?",
        "phd from where, {P}?",
    ),
    # --- who supervised someone
    (FACTOID, "advisor"): (
        "Who was {Ps} PhD advisor?",
        "Who supervised {P}?",
        "Who supervised {Ps} thesis?",
        "Who was {Ps} doctoral supervisor?",
        "Who mentored {P} during {PP} PhD?",
        "Under whom did {P} do {PP} PhD?",
        "Who advised {P}?",
        "Who was {Ps} thesis adviser?",
        "Who was {Ps} supervisor?",
        "{ASK} who {Ps} advisor was?",
        "{ASK} who supervised {Ps} dissertation?",
        "Who did {P} do {PP} PhD with?",
        "Who was {Ps} postdoc mentor?",
        "Who did {P} do {PP} postdoc with?",
        "Who was {Ps} master's supervisor?",
        "Whose student was {P}?",
    ),
    # --- prizes, honours, fellowships, grants
    (FACTOID, "awards"): (
        "What awards has {P} won?",
        "What honors has {P} received?",
        "What recognition has {P} gotten?",
        "What fellowships does {P} hold?",
        "Which prizes did {P} receive?",
        "Any awards for {P}?",
        "What grants has {P} been awarded?",
        "What's the biggest award {P} has received?",
        "{ASK} what awards {P} has won?",
        "When did {P} win the {AWARD}?",
        "What honours has {P} earned?",
        "List {Ps} awards.",
        "What prizes has {P} picked up?",
        "Which fellowships has {P} held?",
        "Tell me about {Ps} awards.",
    ),
    # --- papers, books, venues
    (FACTOID, "publications"): (
        "What has {P} published?",
        "What are {Ps} papers?",
        "List {Ps} publications.",
        "What's {Ps} most cited paper?",
        "How many papers has {P} written?",
        "What was {Ps} latest paper?",
        "Where has {P} published?",
        "What did {P} publish in {YEAR}?",
        "Which journals has {P} published in?",
        "What books has {P} written?",
        "Name a paper by {P}.",
        "What are {Ps} recent publications?",
        "Who does {P} co-author with?",
        "What's {Ps} best-known paper?",
        "{ASK} what {P} has published?",
        "What papers did {P} publish at {VENUE}?",
        "What articles has {P} authored?",
        "What was {Ps} first publication?",
        "How many publications does {P} have?",
        "Which conferences does {P} publish at?",
        "Which paper did {P} have at {VENUE} {YEAR}?",
        "What did {P} write about at {VENUE}?",
        "Tell me about {Ps} publications.",
    ),
    # --- teaching, students, service, talks
    (FACTOID, "teaching"): (
        "What courses has {P} taught?",
        "What does {P} teach?",
        "Which classes does {P} teach?",
        "Who are {Ps} students?",
        "What service has {P} done?",
        "What talks has {P} given?",
        "What committees has {P} served on?",
        "Which workshops has {P} organized?",
        "What invited talks has {P} given?",
        "{ASK} what {P} teaches?",
        "What lectures has {P} given?",
        "What has {P} reviewed for?",
        "Which program committees has {P} been on?",
        "When did {P} teach {COURSE}?",
        "What are {Ps} teaching duties?",
        "Which students has {P} supervised?",
        "What did {P} teach at {UNI}?",
        "What talk did {P} give at {VENUE}?",
        "Which courses did {P} TA at {UNI}?",
    ),
    # --- skills: programming, tools, spoken languages
    (FACTOID, "skills"): (
        "What programming languages does {P} know?",
        "What are {Ps} skills?",
        "What tools does {P} use?",
        "What languages does {P} speak?",
        "What's {Ps} tech stack?",
        "What technologies is {P} proficient in?",
        "Which frameworks has {P} used?",
        "What can {P} code in?",
        "{ASK} which programming languages {P} knows?",
        "What technical skills does {P} have?",
        "What software is {P} good with?",
        "How fluent is {P} in {SPOKEN}?",
    ),
    # --- questions that name no part of a profile (personal details, opinions)
    (FACTOID, ""): (
        "When was {P} born?",
        "How old is {P}?",
        "What did {P} have for lunch at {ORG}?",
        "Which sport did {P} play at {UNI}?",
        "What are {Ps} hobbies?",
        "What's {Ps} favourite food?",
        "What does {P} do in {PP} free time?",
        "What is {Ps} salary?",
        "How tall is {P}?",
        "What car does {P} drive?",
        "What's {Ps} birthday?",
        "What's {Ps} favorite movie?",
        "What is {Ps} middle name?",
        "Which sports team does {P} support?",
        "What's {Ps} star sign?",
        "{ASK} how old {P} is?",
        "What pets does {P} have?",
        "Where was {P} born?",
        "What's {Ps} favourite book?",
        "What music does {P} like?",
        "What's {Ps} net worth?",
        "Who is {Ps} partner?",
        "How many children does {P} have?",
        "What's {Ps} shoe size?",
        "What does {P} eat for breakfast?",
        "What political party does {P} vote for?",
        "What's {Ps} blood type?",
        "What is {Ps} car made of?",
        "What's {Ps} dog called?",
        "What is {Ps} house like?",
        # a personal detail at a named place: "at {ORG}" says where, not that a job is asked
        "Who did {P} sit next to at {ORG}?",
        "Who were {Ps} friends at {UNI}?",
        "Which club did {P} belong to at {UNI}?",
        "What did {P} drink at the {ORG} party?",
        "Where did {P} park at {ORG}?",
        "What was the weather like when {P} was at {UNI}?",
        "{ASK} what {P} ate at {ORG}?",
    ),
    # --- yes/no questions that name no part of a profile (personal details)
    (YES_NO, ""): (
        "Is {P} married?",
        "Does {P} have children?",
        "Does {P} own a car?",
        "Does {P} like cats?",
        "Has {P} ever run a marathon?",
        "Does {P} drink coffee?",
        "Is {P} left-handed?",
        "Does {P} have a driving licence?",
        "{ASK} if {P} has siblings?",
        "Is {P} vegetarian?",
        "Has {P} been to Antarctica?",
        "Does {P} enjoy cooking?",
    ),
    # --- yes/no questions, each about one part of a profile
    (YES_NO, "role"): (
        "Has {P} worked at {ORG}?",
        "Does {P} work at {ORG}?",
        "Did {P} ever work for {ORG}?",
        "Is {P} employed at {ORG}?",
        "Was {P} at {ORG} before?",
        "{ASK} if {P} has worked at {ORG}?",
        "{ASK} whether {P} is still at {ORG}?",
        "Is it true that {P} works for {ORG}?",
        "{P} works at {ORG}, right?",
        "Is {P} a professor?",
        "Did {P} intern at {ORG}?",
        "Has {P} held a job in industry?",
    ),
    (YES_NO, "education"): (
        "Does {P} have a PhD?",
        "Did {P} study at {UNI}?",
        "Does {P} hold a master's degree?",
        "Did {P} graduate from {UNI}?",
        "Is {P} a {UNI} alumnus?",
        "{ASK} if {P} has a doctorate?",
        "{ASK} whether {P} studied {SUBJECT}?",
        "Did {P} do {PP} undergrad at {UNI}?",
        "Has {P} finished {PP} PhD?",
        "{P} studied at {UNI}, right?",
        "Did {P} major in {SUBJECT}?",
    ),
    (YES_NO, "advisor"): (
        "Was {P} supervised by {ADV}?",
        "Was {ADV} {Ps} PhD advisor?",
        "Did {ADV} advise {P}?",
        "{ASK} if {ADV} supervised {P}?",
        "Was {P} one of {ADV}'s students?",
    ),
    (YES_NO, "awards"): (
        "Has {P} won the {AWARD}?",
        "Did {P} receive a {AWARD}?",
        "Has {P} won any prizes?",
        "Did {P} get any best paper awards?",
        "{ASK} if {P} has received any awards?",
        "Was {P} awarded a fellowship?",
        "Is {P} a recipient of the {AWARD}?",
    ),
    (YES_NO, "publications"): (
        "Has {P} published at {VENUE}?",
        "Did {P} publish anything in {YEAR}?",
        "Has {P} written a book?",
        "{ASK} if {P} has any papers at {VENUE}?",
        "Does {P} have journal publications?",
        "Has {P} co-authored a paper with {ADV}?",
    ),
    (YES_NO, "teaching"): (
        "Does {P} teach {COURSE}?",
        "Has {P} taught {COURSE}?",
        "Does {P} have any students?",
        "Has {P} given a keynote?",
        "{ASK} if {P} teaches?",
        "Has {P} served on a program committee?",
        "Does {P} review for {VENUE}?",
    ),
    (YES_NO, "skills"): (
        "Does {P} know {LANG}?",
        "Can {P} program in {LANG}?",
        "Does {P} speak {SPOKEN}?",
        "Is {P} proficient in {LANG}?",
        "{ASK} if {P} uses {LANG}?",
        "Is {P} fluent in {SPOKEN}?",
    ),
    (YES_NO, "location"): (
        "Is {P} based in {CITY}?",
        "Does {P} live in {CITY}?",
        "{ASK} if {P} lives in {CITY}?",
        "Is {P} located in {CITY}?",
    ),
    (YES_NO, "interests"): (
        "Does {P} work on {FIELD}?",
        "Is {P} interested in {FIELD}?",
        "Does {P} do research on {FIELD}?",
        "{ASK} if {Ps} research covers {FIELD}?",
        "Is {FIELD} one of {Ps} research areas?",
    ),
    (YES_NO, "contact"): (
        "Does {P} have a website?",
        "Is {P} on LinkedIn?",
        "Does {P} list a phone number?",
        "{ASK} if {P} has a public email address?",
        "Can I email {P} directly?",
    ),
    # --- questions about everyone indexed (no one named)
    (PEOPLE_LIST, "role"): (
        "Which of them worked at {ORG}?",
        "Who works at {ORG}?",
        "Who here has worked for {ORG}?",
        "Does anyone work at {ORG}?",
        "List everyone who worked at {ORG}.",
        "Which people have industry experience?",
        "Are any of these people employed by {ORG}?",
        "Who among them is a professor?",
        "Name the people who interned at {ORG}.",
        "Which researchers have worked in industry?",
        "Any of them at {ORG}?",
        "Show me everyone who was at {ORG}.",
    ),
    (PEOPLE_LIST, "education"): (
        "Who has a PhD?",
        "Which of them studied at {UNI}?",
        "Does anyone have a master's degree?",
        "Who here graduated from {UNI}?",
        "List the people with a PhD in {SUBJECT}.",
        "Which candidates studied {SUBJECT}?",
        "Is there anyone who went to {UNI}?",
        "Name everyone with a doctorate.",
        "Who among these people did their undergrad at {UNI}?",
    ),
    (PEOPLE_LIST, "interests"): (
        "Who works on {FIELD}?",
        "Which of them do research on {FIELD}?",
        "Is anyone here interested in {FIELD}?",
        "List the researchers working on {FIELD}.",
        "Which people focus on {FIELD}?",
        "Who among them has expertise in {FIELD}?",
        "Does anybody specialise in {FIELD}?",
    ),
    (PEOPLE_LIST, "awards"): (
        "Who has won the {AWARD}?",
        "Which of them received a fellowship?",
        "Has anyone won a best paper award?",
        "List everyone who got the {AWARD}.",
        "Which researchers have won awards?",
    ),
    (PEOPLE_LIST, "publications"): (
        "Who has published at {VENUE}?",
        "Which of them wrote a book?",
        "Has anyone published in {YEAR}?",
        "List the people with papers at {VENUE}.",
        "Which researchers have journal articles?",
    ),
    (PEOPLE_LIST, "teaching"): (
        "Who teaches {COURSE}?",
        "Which of them have taught courses?",
        "Does anyone here teach?",
        "List everyone who has given a keynote.",
        "Which people have served on program committees?",
    ),
    (PEOPLE_LIST, "skills"): (
        "Who knows {LANG}?",
        "Which of them can program in {LANG}?",
        "Does anyone speak {SPOKEN}?",
        "List the people who use {LANG}.",
    ),
    (PEOPLE_LIST, "location"): (
        "Who is based in {CITY}?",
        "Which of them live in {CITY}?",
        "Is anyone located in {CITY}?",
        "List everyone based in {CITY}.",
    ),
    (PEOPLE_LIST, ""): (
        "Does anyone here have a dog?",
        "Who is the tallest?",
        "Which of them is married?",
        "Who likes jazz?",
        "Is anybody here vegetarian?",
        "Which of them has kids?",
    ),
    # --- comparisons of two named people
    (COMPARISON, ""): (
        "Compare {A} and {B}.",
        "How do {A} and {B} differ?",
        "What do {A} and {B} have in common?",
        "{A} vs {B}: how are they different?",
        "What's the difference between {A} and {B}?",
        "Contrast {A} with {B}.",
        "How does {A} compare with {B}?",
        "Are {A} and {B} similar?",
    ),
    (COMPARISON, "education"): (
        "Compare {As} and {Bs} education.",
        "Did {A} and {B} both study at {UNI}?",
        "Who graduated first, {A} or {B}?",
        "How do {As} and {Bs} degrees differ?",
        "Did {A} and {B} go to the same university?",
    ),
    (COMPARISON, "role"): (
        "Compare {As} and {Bs} jobs.",
        "Have {A} and {B} both worked at {ORG}?",
        "How do {As} and {Bs} careers differ?",
        "Who joined {ORG} earlier, {A} or {B}?",
        "Do {A} and {B} work at the same company?",
    ),
    (COMPARISON, "interests"): (
        "Compare {As} and {Bs} research interests.",
        "How does {As} research differ from {Bs}?",
        "Do {A} and {B} work on similar topics?",
        "What research areas do {A} and {B} have in common?",
    ),
    (COMPARISON, "publications"): (
        "Who has published more, {A} or {B}?",
        "Compare {As} and {Bs} publications.",
        "Have {A} and {B} both published at {VENUE}?",
    ),
    (COMPARISON, "awards"): (
        "Compare {As} and {Bs} awards.",
        "Have {A} and {B} both won the {AWARD}?",
    ),
}

# Questions that name no one and ask who did one particular thing: a search of everyone for the
# one passage, not a list of everyone who has some property. Slots as above, and {PAPER} a paper
# title, {FINDING} what a piece of research found, {METHOD} and {TASK}.
SEARCHES: dict[str, tuple[str, ...]] = {
    "publications": (
        "Who wrote '{PAPER}'?",
        "Whose paper is '{PAPER}'?",
        "Who is the author of '{PAPER}'?",
        "Who published the paper on {METHOD} for {TASK}?",
        "{ASK} who wrote '{PAPER}'?",
        "Whose paper at {VENUE} {YEAR} introduced {METHOD}?",
        "Which paper showed that {FINDING}, and who wrote it?",
        "Whose {YEAR} article argued that {FINDING}?",
    ),
    "role": (
        "Who led the {TASK} project at {ORG}?",
        "Who built the {TASK} system at {ORG}?",
        "Whose team at {ORG} shipped {METHOD} for {TASK}?",
    ),
    "teaching": (
        "Whose talk at {VENUE} was about {TASK}?",
        "Who organised the {TASK} workshop at {VENUE} {YEAR}?",
    ),
    "awards": (
        "Who won the best paper award at {VENUE} {YEAR}?",
        "Whose work on {TASK} received the {AWARD}?",
    ),
    "interests": (
        "Whose research showed that {FINDING}?",
        "Whose work found that {FINDING}?",
        "Who discovered that {FINDING}?",
        "Who developed {METHOD} for {TASK}?",
        "Who came up with the idea that {FINDING}?",
        "{ASK} whose study found that {FINDING}?",
        "Who proposed using {METHOD} for {TASK}?",
        "Whose experiments showed that {FINDING}?",
        "Who argued that {FINDING}?",
    ),
    "education": (
        "Whose thesis was about {METHOD} for {TASK}?",
        "Who wrote a dissertation on {TASK}?",
    ),
}
# Follow-ups that name no one and leave the topic to the conversation: read before the people
# of earlier answers are known, they name no one and ask no list.
ELLIPSES = (
    "And before that?",
    "What about after that?",
    "And then?",
    "What else?",
    "Anything else?",
    "And the year?",
    "Since when?",
    "Where was that?",
    "And what about {P}?",
    "Same question for {P}.",
    "How about {Ps}?",
    "Really?",
    "Why?",
    "And after {ORG}?",
    "What happened next?",
)
# Lead-ins that make a question indirect ("Do you know where she works?").
ASK = (
    "Do you know",
    "Can you tell me",
    "Could you tell me",
    "Any idea",
    "I wonder",
    "I'd like to know",
    "Can you find out",
    "Do you happen to know",
)
# Openers a chat message may start with (greetings, hedges, discourse markers).
OPENERS = (
    "Hi,",
    "Hey,",
    "Hello!",
    "Quick question:",
    "OK,",
    "So,",
    "Sorry,",
    "Out of curiosity,",
    "One more thing:",
    "Next:",
    "Um,",
    "Alright,",
)
# Politeness and thanks after a question.
POLITENESS = ("please", "thanks", "thank you", "if you can", "if you know")
# Context a user adds after the question itself.
TRAILING = (
    "I'm meeting them tomorrow",
    "it's for an introduction I'm writing",
    "according to the profile",
    "based on the documents",
    "in a sentence or two",
    "briefly",
    "just curious",
    "for a talk I'm organising",
)
# Titles and honorifics put before a surname.
TITLES = ("Dr.", "Dr", "Prof.", "Professor", "Mr.", "Ms.")
# Contractions and their long forms, applied either way.
CONTRACTIONS = (
    ("what is", "what's"),
    ("who is", "who's"),
    ("where is", "where's"),
    ("how is", "how's"),
    ("I would", "I'd"),
)
# Things a question may name, drawn from the synthetic profiles' vocabularies.
LANGS = ("Python", "C++", "Java", "Rust", "Go", "JavaScript", "R", "Julia", "Haskell", "SQL")
SPOKEN = ("Spanish", "French", "German", "Mandarin", "Hindi", "Arabic", "Japanese", "Swahili")
YEARS = tuple(str(y) for y in range(2008, 2025))

# What a piece of research may have found, in general English.
FINDINGS = (
    "{METHOD} improves {TASK}",
    "{TASK} gets cheaper with {METHOD}",
    "{METHOD} fails on {TASK} at scale",
    "small models can match large ones on {TASK}",
    "{TASK} data is often mislabelled",
)
PEOPLE_NAMED = {PEOPLE_LIST: 0, COMPARISON: 2}
# Slots filled from the generator's lists of things (employers, universities, venues, …).
THING_SLOTS = frozenset(
    "ORG UNI CITY FIELD SUBJECT VENUE AWARD COURSE LANG SPOKEN PAPER METHOD TASK FINDING".split()
)
# A pronoun stands for the person as subject after these words ("Is she …", "what she …"),
# else as object ("Tell me about her", "Who advised him?").
SUBJECT_AFTER = frozenset(
    "is was does did has have can could would will should do if whether where what who which "
    "how that when and exactly".split()
)
PRONOUN_MARK = "\x00"


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    people_named: int
    form: str
    topic: str
    core: str  # the core's id, "form/topic/index": a fit holds whole cores out
    names: tuple[str, ...]  # the name parts written in the question
    # the things the question names (employer, university, venue, …): drawn from the generator's
    # own lists, so a fit leaves their words out as it does names'
    things: tuple[str, ...] = ()


def _person(rng: random.Random, names: list[tuple[str, str, str]], surnames: dict) -> dict:
    culture, first, gender = rng.choice(names)
    last = rng.choice(surnames[culture])
    return {"first": first, "last": last, "gender": gender}


def _reference(rng: random.Random, who: dict, pronoun_ok: bool) -> tuple[str, str, str]:
    """(subject or object, possessive, possessive pronoun) for a person, in one of the ways
    people name someone: full, first or last name, a title and surname, lower case, a
    pronoun (a follow-up)."""
    first, last = who["first"], who["last"]
    possessive_pronoun = PRONOUNS[who["gender"]][1]
    style = rng.choices(
        ["full", "first", "last", "title", "lower", "last_lower", "first_lower", "pronoun"],
        weights=[5, 3, 2, 1, 2, 1, 1, 3 if pronoun_ok else 0],
    )[0]
    if style == "pronoun":
        return PRONOUN_MARK, possessive_pronoun, possessive_pronoun
    name = {
        "full": f"{first} {last}",
        "first": first,
        "last": last,
        "title": f"{rng.choice(TITLES)} {last}",
        "lower": f"{first} {last}".lower(),
        "last_lower": last.lower(),
        "first_lower": first.lower(),
    }[style]
    ending = "'" if name.endswith("s") and rng.random() < 0.5 else "'s"
    return name, name + ending, possessive_pronoun


def _fill(
    core: str, rng: random.Random, people: list[dict]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(question, name parts written, things named)."""
    slots: dict[str, str] = {
        "ASK": rng.choice(ASK),
        "ORG": rng.choice(EMPLOYERS),
        "UNI": rng.choice(UNIVERSITIES),
        "CITY": rng.choice(PLACES).split(",")[0],
        "FIELD": rng.choice(INTERESTS),
        "SUBJECT": rng.choice(FIELDS),
        "VENUE": rng.choice(VENUES),
        "AWARD": rng.choice(AWARDS),
        "COURSE": rng.choice(COURSES),
        "YEAR": rng.choice(YEARS),
        "LANG": rng.choice(LANGS),
        "SPOKEN": rng.choice(SPOKEN),
        "PAPER": _paper_title(rng),
        "METHOD": rng.choice(METHODS).lower(),
        "TASK": rng.choice(TASKS).lower(),
    }
    slots["FINDING"] = rng.choice(FINDINGS).format(**slots)
    names: list[str] = []
    slots |= {"P": "him", "Ps": "his"}  # a follow-up about someone earlier in the conversation
    if people:
        pronoun_ok = len(people) == 1
        subject, possessive, pronoun = _reference(rng, people[0], pronoun_ok)
        slots |= {"P": subject, "Ps": possessive, "PP": pronoun, "A": subject, "As": possessive}
        names += [people[0]["first"], people[0]["last"]]
    if len(people) > 1:
        subject, possessive, _ = _reference(rng, people[1], False)
        slots |= {"B": subject, "Bs": possessive}
        names += [people[1]["first"], people[1]["last"]]
    slots["ADV"] = f"{rng.choice(TITLES[:4])} {_person(rng, *all_name_parts())['last']}"
    text = _pronouns(core.format(**slots), people[0]["gender"] if people else "f")
    used = {field for _, field, _, _ in string.Formatter().parse(core) if field}
    things = tuple(slots[f] for f in sorted(used & THING_SLOTS))
    return text[0].upper() + text[1:], tuple(names), things


def _pronouns(text: str, gender: str) -> str:
    """The pronoun standing for the person as subject or object, by the word before it."""
    subject, _, objective = PRONOUNS[gender]
    words = text.split(" ")
    for i, word in enumerate(words):
        if PRONOUN_MARK in word:
            before = words[i - 1].lower().strip(",:") if i else ""
            pronoun = subject if i == 0 or before in SUBJECT_AFTER else objective
            words[i] = word.replace(PRONOUN_MARK, pronoun)
    return " ".join(words)


def _contract(text: str, rng: random.Random) -> str:
    for long, short in CONTRACTIONS:
        if rng.random() < 0.5:
            text = text.replace(short, long).replace(short.capitalize(), long.capitalize())
        else:
            text = text.replace(long, short).replace(long.capitalize(), short.capitalize())
    return text


def _wrap(text: str, rng: random.Random) -> str:
    """The question as a user might type it: an opener, politeness, trailing context, casual
    lower case without the question mark."""
    body, mark = (text[:-1], text[-1]) if text[-1] in "?." else (text, "")
    if rng.random() < 0.25:
        body = f"{rng.choice(OPENERS)} {body[0].lower()}{body[1:]}"
    if rng.random() < 0.15:
        body = f"{body}, {rng.choice(POLITENESS)}"
    if rng.random() < 0.15:
        body = f"{body} — {rng.choice(TRAILING)}"
    text = body + mark
    text = _contract(text, rng)
    casual = rng.random()
    if casual < 0.2:
        text = text.lower().rstrip("?.")
    elif casual < 0.3:
        text = text.rstrip("?.")
    return text


def generate(per_core: int = 12, seed: int = 0) -> list[LabelledQuestion]:
    """`per_core` questions for every core, each with its intended form and topic."""
    rng = random.Random(seed)
    firsts, surnames = all_name_parts()
    out: list[LabelledQuestion] = []
    for (form, topic), cores in CORES.items():
        named = PEOPLE_NAMED.get(form, 1)
        for index, core in enumerate(cores):
            for _ in range(per_core):
                people = [_person(rng, firsts, surnames) for _ in range(named)]
                text, names, things = _fill(core, rng, people)
                out.append(
                    LabelledQuestion(
                        _wrap(text, rng),
                        named,
                        form,
                        topic,
                        f"{form}/{topic}/{index}",
                        names,
                        things,
                    )
                )
    for topic, cores in SEARCHES.items():
        for index, core in enumerate(cores):
            for _ in range(per_core):
                text, _, things = _fill(core, rng, [])
                question = LabelledQuestion(
                    _wrap(text, rng), 0, FACTOID, topic, f"search/{topic}/{index}", (), things
                )
                out.append(question)
    for index, core in enumerate(ELLIPSES):
        for _ in range(per_core):
            text, _, things = _fill(core, rng, [])
            out.append(
                LabelledQuestion(_wrap(text, rng), 0, FACTOID, "", f"ellipsis//{index}", (), things)
            )
    return out


def routed(question: LabelledQuestion, read: Callable[[str, int], object]) -> tuple[str, str]:
    intent = read(question.question, question.people_named)
    return intent.form, intent.topic  # type: ignore[attr-defined]


def accuracy_table(
    questions: list[LabelledQuestion], read: Callable[[str, int], object], title: str
) -> tuple[str, float, list[tuple[LabelledQuestion, tuple[str, str]]]]:
    """A table of routing accuracy (form and topic both right) per form and per topic."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for q in questions:
        got = routed(q, read)
        ok = got == (q.form, q.topic)
        for key in (f"form {q.form}", f"topic {q.topic or '(none)'}", "all"):
            total[key] += 1
            right[key] += ok
        if not ok:
            misses.append((q, got))
    rows = [[key, total[key], f"{right[key] / total[key]:.3f}"] for key in sorted(total)]
    return (
        format_table(["slice", "n", "accuracy"], rows, title),
        right["all"] / total["all"],
        misses,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-core", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()
    from profilechat.intent import read_by_patterns, read_intent

    questions = generate(args.per_core, args.seed)
    print(f"{len(questions)} questions from {len({q.core for q in questions})} cores")
    readers = {
        "patterns alone": read_by_patterns,
        # fitted on these very cores: in-sample; fit_intent_weights.py reports held-out cores
        "as shipped (patterns and fitted model; in-sample)": read_intent,
    }
    for name, read in readers.items():
        table, _, misses = accuracy_table(
            questions, read, f"routing of generated questions, {name}"
        )
        print(table)
        by_core: dict[str, list] = defaultdict(list)
        for q, got in misses:
            by_core[q.core].append((q, got))
        for q, got in [pairs[0] for pairs in by_core.values()][: args.show_misses]:
            print(f"  {q.form}/{q.topic or '-'} → {got[0]}/{got[1] or '-'}: {q.question}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
