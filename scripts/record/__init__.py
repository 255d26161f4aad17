"""The record engine: load -> check -> link -> render -> publish.

Each step is one module or folder and owns its data types:

- ``load/``     read and type the inputs: sources (``Source``, ``Provenance``), ``timeline.yaml``
                (``Event``, ``Claim``, ``Person``, ``Thread``) and ``registry.yaml`` (``Registry``)
- ``check``     the inputs against each other (``CHECKS``); collect every problem
- ``link``      find each quote once, in its paragraph; the linked ``Record`` and its indexes
- ``render/``   the linked record as pages (``PAGE_KINDS``, Jinja2 templates), citations
                (``FORMATS``) and data files (``DOWNLOADS``)
- ``publish``   the pipeline, and writing its files to a folder (used without MkDocs)

``dates`` (the one date type, EDTF), ``text``, ``site`` and ``errors`` serve every step;
``normalize`` turns a captured text into a source file. The MkDocs glue lives outside the package
(``scripts/mkdocs_hooks.py``) so that the engine runs without it.
"""
