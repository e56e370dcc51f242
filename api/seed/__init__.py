"""What ``kipni seed`` loads besides the network's facts (``api.directory.seed``): with
``--demo``, accounts for every role and invented referrals (``api.seed.demo``).

The demo spans domains, so it sits beside the composition root and uses each domain
only through its services.
"""
