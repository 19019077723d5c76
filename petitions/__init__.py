"""Petitions to the communal council under organic law 113-14 (in progress: the legal rules)."""
