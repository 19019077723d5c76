"""The invest factories as fixtures (``tests/invest/factories.py``): ``invest_asset_page``,
``investment_topic`` (industrial land, in Arabic) and ``investor_message`` (a new message on
it, in French)."""

from pytest_factoryboy import register

from tests.invest.factories import (
    InvestAssetPageFactory,
    InvestmentTopicFactory,
    InvestorMessageFactory,
)

register(InvestAssetPageFactory)
register(InvestmentTopicFactory)
register(InvestorMessageFactory)
