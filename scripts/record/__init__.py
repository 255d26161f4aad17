"""The record engine: load -> check -> link -> render -> publish.

Each step is one module and owns its data types:

- ``sources``   load the normalized sources (front matter + body) into ``Source``
- ``timeline``  load ``timeline.yaml`` into ``Timeline`` (threads, people, events)
- ``check``     verify the two against each other; collect every problem
- ``link``      resolve each claim to the paragraph holding its quote, and back
- ``render``    turn the linked record into page text and data downloads
- ``publish``   write those pages to a folder (used without MkDocs)

``normalize`` turns a captured text into a source file. The MkDocs glue lives
outside the package (``scripts/mkdocs_hooks.py``) so the engine runs without it.
"""
