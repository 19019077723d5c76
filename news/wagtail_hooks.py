"""The news on the home page of each language (cms.models.HomePage.get_context)."""

from django.utils.translation import get_language
from wagtail import hooks

from news.models import NewsIndexPage, NewsPage

HOME_PAGE_NEWS = 3


@hooks.register("home_page_context")
def latest_news(request):
    """The three latest articles of the reader's language and their index, in three queries
    whatever the number of articles (one more for their photos' renditions)."""
    index = NewsIndexPage.objects.live().filter(locale__language_code=get_language()).first()
    if index is None:
        return {"news_index": None, "latest_news": []}
    latest = (
        NewsPage.objects.child_of(index).published().latest_first().for_cards()[:HOME_PAGE_NEWS]
    )
    return {"news_index": index, "latest_news": list(latest)}
