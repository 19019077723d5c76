from wagtail import hooks

from cms.amazigh import mirror_page


@hooks.register("after_create_page")
def mirror_new_arabic_page_in_amazigh(request, page):
    mirror_page(page)
