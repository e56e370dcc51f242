"""What the site itself must carry: the operator data behind the legal notice, privacy and
accessibility pages, the sign-language videos, ``sitemap.xml`` and ``robots.txt``."""
