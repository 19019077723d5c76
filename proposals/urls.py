from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("map/", views.proposal_map, name="map"),
    path("new/", views.proposal_create, name="create"),
    path("mine/", views.my_proposals, name="mine"),
    path("similar/", views.similar_proposals, name="similar"),
    path("feed/rss/", views.LatestProposalsFeed(), name="feed_rss"),
    path("feed/atom/", views.LatestProposalsAtomFeed(), name="feed_atom"),
    path("open-data/proposals.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/proposals.json", views.open_data_json, name="open_data_json"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/support/", views.proposal_support, name="support"),
    path("<int:pk>/updates/", views.proposal_add_update, name="add_update"),
]
