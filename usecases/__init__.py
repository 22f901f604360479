"""One function per question the product answers, each returning a typed result.

The command line, the network page and the report call these and only format what they
return; none of them queries a store itself. A use case takes a store (or a model read
from it) and plain parameters, runs the named queries of :mod:`queries` and the pure
analyses of :mod:`analysis`, and returns dataclasses, never text.

- :mod:`usecases.data`: load, validate, templates, synthetic data, counts.
- :mod:`usecases.names`: forgiving lookup of regions, challenges and projects by name.
- :mod:`usecases.regions`: regions, a region's profile, funds, training, partners.
- :mod:`usecases.synergies`: synergy suggestions, pair rankings, communities, brokers.
- :mod:`usecases.network`: what the network page shows.
- :mod:`usecases.progress`: milestone status and the progress report's data.
- :mod:`usecases.ad_hoc`: named and ad-hoc Cypher, read-only.
"""
