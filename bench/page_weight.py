"""What a resident's phone downloads on a first visit: bytes transferred and requests of the main
pages in each language, on a cold load (empty cache) in headless Chromium, through
deploy/local-prod (nginx: compression, static files as production serves them).

    deploy/local-prod start
    .venv/bin/python bench/page_weight.py                # every page in every language
    .venv/bin/python bench/page_weight.py --base URL     # another server

Goals (issue 17): the Arabic home page ≤ 150 KB transferred, a proposal page ≤ 250 KB. The
bytes are what crossed the network (compressed bodies and headers), from Chromium's own sizes
of each request; the load waits for the network to go quiet, so lazy images below the fold
count only if the browser fetched them.
"""

import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[sys.argv.index("--base") + 1] if "--base" in sys.argv else "http://127.0.0.1:8080"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True}
LANGUAGES = ("ar", "fr", "en", "zgh")
GOALS_KB = {"home": 150, "proposal": 250}


def main_pages(page, language):
    """The pages to weigh in ``language``: the home page, the lists, and the first proposal,
    petition and plan project linked from them (found by following the site's own links)."""
    pages = {"home": f"{BASE}/{language}/"}
    for name, list_path, link in (
        ("proposals", "proposals/", ".proposal-card__title a"),
        ("petitions", "petitions/", ".proposal-card__title a"),
    ):
        pages[name] = f"{BASE}/{language}/{list_path}"
        page.goto(pages[name])
        first = page.locator(link).first
        if first.count():
            pages[name.removesuffix("s")] = first.evaluate("a => a.href")
    return pages


def weigh(browser, url):
    """Bytes over the network and requests of one cold load of ``url``."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    response = page.goto(url, wait_until="networkidle")
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return response.status if response else 0, total, len(requests)


def main():
    print(f"{BASE}, headless Chromium, 375 px phone, empty cache per page\n")
    print(f"{'language':9} {'page':10} {'status':>6} {'KB':>8} {'requests':>9}  goal")
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        finder = browser.new_page()
        for language in LANGUAGES:
            if finder.goto(f"{BASE}/{language}/").status >= 400:
                print(f"{language:9} (no such language on this server)")
                continue
            for name, url in main_pages(finder, language).items():
                status, size, count = weigh(browser, url)
                # The goals: the Arabic home page, and a proposal page in any language.
                goal = GOALS_KB.get(name) if name != "home" or language == "ar" else None
                verdict = ""
                if goal:
                    verdict = f"≤ {goal} KB: {'met' if size <= goal * 1024 else 'NOT met'}"
                    if size > goal * 1024:
                        failures.append((language, name))
                print(
                    f"{language:9} {name:10} {status:>6} {size / 1024:>8.1f} {count:>9}  {verdict}"
                )
        browser.close()
    print("\nall goals met" if not failures else f"\ngoals not met: {failures}")


if __name__ == "__main__":
    main()
