"""index.html: one self-contained page, checked as text and in a real headless Chromium.

The browser tests need Debian's ``chromium`` (``.ci/run`` installs it); without it they
skip, saying so.  Screenshots of the page at a phone's width and on a desktop are kept
under the pytest base temporary folder (``.../artifacts``) and, when the environment
variable ``ESCALATION_ARTIFACTS`` names a folder, copied there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from browser import Browser, BrowserError, find_chromium
from escalation.report import build

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE_ORG = "<script>alert('org')</script>"
HOSTILE_PLACE = '<img src="https://example.org/x.png" onerror="alert(1)">'


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "bundled"
    build.generate(out, formats=("png",), progress=lambda m: None)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A user's report whose claims and places carry markup."""
    folder = tmp_path_factory.mktemp("hostile")
    events = pd.read_csv(FIXTURES / "report_arm_aze_events.csv", dtype=str, keep_default_na=False)
    events.loc[events["event_id"] == "AA-06", "location"] = HOSTILE_PLACE
    events.to_csv(folder / "events.csv", index=False)
    claims = pd.read_csv(FIXTURES / "report_arm_aze_claims.csv", dtype=str, keep_default_na=False)
    claims.loc[claims["claim_id"] == "AAC-1", "claimant_org"] = HOSTILE_ORG
    claims.to_csv(folder / "claims.csv", index=False)
    out = folder / "report"
    build.generate(out, formats=("png",), events=folder / "events.csv", claims=folder / "claims.csv",
                   progress=lambda m: None)
    return out


def manifest(folder: Path) -> dict:
    return json.loads((folder / "MANIFEST.json").read_text())


# -- as text ------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_the_page_is_self_contained_and_escaped(which, request):
    folder = request.getfixturevalue(which)
    page = (folder / "index.html").read_text(encoding="utf-8")
    m = manifest(folder)
    assert "index.html" in m["outputs"]
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    import html

    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    sources = re.findall(r'\bsrc="([^"]*)"', page)
    assert len(sources) == len(m["figures"]) and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched, nothing linked off-site
    for fig in m["figures"]:
        assert f'alt="{_html(fig["alt"])}"' in page
        assert _html(fig["caption"]) in page and _html(fig["title"]) in page
    for name in m["tables"]:
        assert f"<summary>{name}" in page
    for key, digest in m["inputs"].items():
        assert digest in page and _html(key) in page


def _html(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_markup_from_the_data_is_shown_as_text(hostile):
    page = (hostile / "index.html").read_text(encoding="utf-8")
    assert HOSTILE_ORG not in page and HOSTILE_PLACE not in page
    assert _html(HOSTILE_ORG) in page  # the claimant, as text, in the discrepancy table


# -- in a browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine: install Debian's package (apt-get install chromium), "
                    "as .ci/run does, to open index.html in a real browser")
    try:
        b = Browser(executable)
    except (BrowserError, OSError) as exc:
        pytest.skip(f"Chromium is installed ({executable}) but could not start here: {exc}")
    yield b
    b.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    return tmp_path_factory.getbasetemp() / "artifacts"


def keep(path: Path) -> None:
    """Copy an artifact to ``$ESCALATION_ARTIFACTS`` when that names a folder."""
    target = os.environ.get("ESCALATION_ARTIFACTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(target) / path.name)


RENDERED = """
Array.from(document.images).map(img => ({
  alt: img.getAttribute('alt'), complete: img.complete, natural: img.naturalWidth,
  width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height}))
"""


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_every_figure_renders_on_a_phone_with_no_errors(which, request, browser, artifacts):
    folder = request.getfixturevalue(which)
    m = manifest(folder)
    browser.open((folder / "index.html").as_uri(), width=390, height=844, scale=2, mobile=True)
    images = browser.evaluate(RENDERED)
    assert len(images) == len(m["figures"])
    for img, fig in zip(images, m["figures"]):
        assert img["complete"] and img["natural"] > 0, fig["name"]  # decoded: the figure renders
        assert 0 < img["width"] <= 390 and img["height"] > 50, (fig["name"], img)
        assert img["alt"] == fig["alt"]
    layout = browser.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth, "
                              "font: parseFloat(getComputedStyle(document.body).fontSize), "
                              "scripts: document.scripts.length, "
                              "tables: document.querySelectorAll('table').length})")
    assert layout["scroll"] <= layout["inner"], layout  # nothing wider than the phone
    assert layout["font"] >= 16 and layout["scripts"] == 0
    assert layout["tables"] >= len(m["tables"])
    assert browser.problems() == []
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = browser.screenshot(artifacts / f"index-{which}-phone.png")
    keep(shot)
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (780, 1688)  # 390 x 844 CSS pixels at twice the density
        assert len(np.unique(np.asarray(im.convert("L").resize((39, 84))))) > 10  # not a blank page


def test_the_hostile_page_runs_nothing_and_shows_the_text(hostile, browser):
    browser.open((hostile / "index.html").as_uri(), width=1280, height=900)
    found = browser.evaluate(
        "({scripts: document.scripts.length, "
        "cells: Array.from(document.querySelectorAll('td')).map(td => td.textContent)"
        ".filter(t => t.includes('alert')).length})")
    assert found == {"scripts": 0, "cells": found["cells"]} and found["cells"] >= 1
    assert browser.problems() == []


def test_a_desktop_screenshot_of_the_bundled_gallery(bundled, browser, artifacts):
    browser.open((bundled / "index.html").as_uri(), width=1280, height=900)
    widths = browser.evaluate("Array.from(document.images).map(i => i.getBoundingClientRect().width)")
    assert all(w > 600 for w in widths)  # the figures at a readable size on a desktop
    assert browser.problems() == []
    artifacts.mkdir(parents=True, exist_ok=True)
    keep(browser.screenshot(artifacts / "index-bundled-desktop.png", full_page=True))
