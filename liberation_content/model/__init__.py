"""The content as data, with no Sphinx: page metadata, references, IDs, languages, link
rules, readability, leaflet definitions and the shape of a snippet document.

Everything here is plain Python over plain values, so it can be read, tested and reused
without running a build.
"""
