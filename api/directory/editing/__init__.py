"""Rules of the staff writes of the directory, one module per entity.

Every change to an existing row names the version it was based on (``If-Match``), so two
editors never overwrite each other unseen. Each write resolves the rows it refers to
before it touches the row it changes (a query would otherwise flush a half-changed row
early, outside the error translation below) and then flushes once: a concurrent change
that slipped past the ``If-Match`` check surfaces there as ``StaleDataError`` and
becomes a 412. Every write bumps the directory version, so every worker drops its cached
public pages, and leaves an audit row with ids, slugs and field names, never texts.
"""
