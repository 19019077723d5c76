"""Steps the browser journeys share."""

import re
from pathlib import Path

from tests.factories import PASSWORD


def log_in(page, base_url, email, language="ar", password=PASSWORD):
    """Log ``page`` in through the site's login form, in ``language``."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/profile/$"))


def log_in_as(context, base_url, user):
    """Give a browser ``context`` the session of ``user`` without going through a form (as
    ``force_login`` does for the test client), replacing whoever was logged in there."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


# axe-core, installed from npm by `python3 dev.py test` (package.json, package-lock.json).
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page):
    """The serious and critical violations axe-core finds on ``page`` as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations, where):
    """One line per rule and the targets of its nodes, to read in a test's failure."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:8])
        more = len(violation["nodes"]) - 8
        lines.append(
            f"{where}: [{violation['impact']}] {violation['id']} — {violation['help']} — "
            f"{targets}{f' (+{more} more)' if more > 0 else ''}"
        )
    return lines


# --- Keyboard only -------------------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "" && style.boxShadow !== "none";
  const labels = el.labels && el.labels.length ? [...el.labels].map((l) => l.innerText) : [];
  const name = el.getAttribute("aria-label") || labels.join(" ") || el.innerText
    || (el.type === "submit" ? el.value : "") || el.title || "";
  return {
    tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute("type") || "",
    name: name.replace(/\\s+/g, " ").trim(), field: el.getAttribute("name") || "",
    value: el.value === undefined ? "" : String(el.value), href: el.getAttribute("href") || "",
    inMain: Boolean(el.closest("main")), focusVisible: outline || shadow,
  };
}"""


def focused(page):
    """What has the keyboard focus: tag, id, type, accessible name (roughly: aria-label, the
    labels, the text), field name, value, href, whether it is in <main> and whether its focus is
    drawn (a non-none outline or box-shadow); None on the page itself."""
    return page.evaluate(_FOCUSED)


def describe_focused(element):
    if element is None:
        return "(the page)"
    where = f"#{element['id']}" if element["id"] else element["href"] or element["field"]
    kind = f"{element['tag']} {element['type']}".strip()
    return f"<{kind}> {where} “{element['name'][:60]}”"


def by_id(element_id):
    """A ``tab_to`` predicate: the element with this id."""

    def matches(element):
        return element["id"] == element_id

    matches.__qualname__ = f"by_id({element_id!r})"  # named so in a failure
    return matches


def tab_to(page, target, max_steps=80, backwards=False):
    """Press Tab (Shift+Tab when ``backwards``) until the focused element matches ``target`` —
    its accessible name (a string, compared with whitespace collapsed) or a predicate over
    ``focused()`` — and return it. Fails with the elements focused on the way if it never comes,
    and if any of them (the target included) shows no focus (no outline, no box-shadow)."""
    if isinstance(target, str):
        wanted = " ".join(target.split())

        def matches(element):
            return element["name"] == wanted
    else:
        matches = target
    visited = []
    for _ in range(max_steps):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        visited.append(element)
        if element is not None and matches(element):
            break
    else:
        raise AssertionError(
            f"{target!r} not reached in {max_steps} presses of Tab; focused on the way:\n"
            + "\n".join(describe_focused(element) for element in visited)
        )
    invisible = [e for e in visited if e is not None and not e["focusVisible"]]
    assert not invisible, "Focus not drawn on: " + ", ".join(map(describe_focused, invisible))
    return element


def assert_focus_visible(page):
    """The element that has the focus now shows it."""
    element = focused(page)
    assert element is not None, "Nothing has the focus"
    assert element["focusVisible"], f"Focus not drawn on {describe_focused(element)}"
    return element
