"""Bad input gets an answer, never a server error."""

import pytest

from tests.factories import ResidentFactory

GETS = [
    "/ar/proposals/?page=abc&sort=zzz&status=<script>&category=../../&q=" + "ب" * 500,
    "/ar/proposals/?page=999999",
    "/fr/proposals/map/?arrondissement=%00",
    "/ar/proposals/?q=a%00b",
    "/ar/proposals/similar/?title=%27%22%3C%3E",
    "/ar/proposals/0/",
    "/ar/proposals/99999999999999999999/",
    "/ar/threads/abc/since/",
    "/ar/threads/1.2.3/since/?after=-5",
    "/ar/threads/999.1/since/?after=abc",
    "/ar/comments/99999/report/",
    "/ar/notifications/?page=-1",
    "/xx/",
    "/ar/%E2%80%AE/",
]
POSTS = [
    ("/ar/threads/abc/comment/", {"body": "x"}),
    ("/ar/threads/999.999/comment/", {"body": "x"}),
    ("/ar/notifications/", {"notification": "abc"}),
    ("/ar/notifications/settings/", {"reply": "<b>"}),
    (
        "/ar/proposals/new/",
        {
            "title": "x" * 1000,
            "latitude": "abc",
            "longitude": "1e999",
            "category": "-1",
            "arrondissement": "x",
        },
    ),
    ("/ar/proposals/99999/support/", {"action": "support"}),
    ("/ar/profile/", {"display_name": "\x00", "preferred_language": "xx"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", GETS)
def test_get_never_fails(client, url):
    client.force_login(ResidentFactory())
    assert client.get(url).status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "data"), POSTS)
def test_post_never_fails(client, url, data):
    client.force_login(ResidentFactory())
    assert client.post(url, data).status_code < 500


@pytest.mark.django_db
def test_comment_with_a_bad_parent_keeps_the_text(client, discussion, resident):
    client.force_login(resident)
    url = f"/ar/threads/{discussion.thread_key}/comment/"
    response = client.post(url, {"body": "نص محفوظ", "parent": "abc"}, follow=True)
    assert response.status_code == 200
    assert "نص محفوظ" in response.content.decode()


@pytest.mark.django_db
def test_nul_characters_in_a_query_are_refused_plainly(client):
    assert client.get("/ar/proposals/?q=a%00b").status_code == 400
