"""Names written by people are isolated from the sentence around them (issue 17, point 5):
"Proposée par فاطمة الزهراء · 30 novembre 2026" must not read "Proposée par 30 · فاطمة الزهراء
novembre". A name handed to a translated sentence goes through ``|bdi`` (or the sentence wraps
it in ``<bdi>``)."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.participation.factories import ResidentFactory
from tests.proposals.factories import ProposalFactory

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"build", "node_modules", "test-artifacts", "var", "static"}
BLOCK = re.compile(
    r"{%\s*blocktranslate\b(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktranslate", re.S
)
TITLE = re.compile(r"{%\s*block title\s*%}.*?{%\s*endblock", re.S)
PERSON_WRITTEN = re.compile(
    r"(\w+)=([\w.]*(?:display_name|full_name|public_name|organisation\.name|author))\b(?!\.)"
    r"(\|[\w|:\"'() ]+)?"
)


def templates():
    for top in ROOT.iterdir():
        if top.is_dir() and not top.name.startswith(".") and top.name not in SKIP:
            yield from top.glob("**/templates/**/*.html")
            if top.name == "templates":
                yield from top.glob("**/*.html")


def test_every_name_given_to_a_translated_sentence_is_isolated():
    unisolated = []
    for path in templates():
        # A page's <title> is plain text: no markup there, the browser's tab isolates it.
        text = TITLE.sub("", path.read_text())
        for block in BLOCK.finditer(text):
            for name, value, filters in PERSON_WRITTEN.findall(block["args"]):
                if "bdi" in (filters or "") or f"<bdi>{{{{ {name} }}}}</bdi>" in block["body"]:
                    continue
                unisolated.append(f"{path.relative_to(ROOT)}: {name}={value}{filters}")
    assert unisolated == []


@pytest.mark.django_db
def test_an_arabic_name_on_a_french_proposal_page_keeps_the_date_apart(client):
    proposal = ProposalFactory(author=ResidentFactory(display_name="فاطمة الزهراء"))
    with translation.override("fr"):
        response = client.get(proposal.get_absolute_url())
    assert "Proposée par <bdi>فاطمة الزهراء</bdi> · <time" in response.content.decode()
