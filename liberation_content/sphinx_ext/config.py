"""Every configuration value the extension reads, in one dataclass with help text.

:func:`register` adds each field to Sphinx as ``liberation_<name>``; :func:`settings` reads
them back, typed. The build sets them (``run.content_config``); a field's ``rebuild`` says
what Sphinx must redo when its value changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

__all__ = ["PREFIX", "ExtensionConfig", "register", "settings"]

PREFIX = "liberation_"


def _about(rebuild: str, help: str) -> dict[str, str]:
    return {"rebuild": rebuild, "help": help}


@dataclass(frozen=True)
class ExtensionConfig:
    """The extension's settings; each is the Sphinx config value ``liberation_<name>``."""

    references: str = field(
        default="", metadata=_about("env", "Path of references.toml (default: beside the pages).")
    )
    today: str = field(
        default="", metadata=_about("env", "Day (YYYY-MM-DD) reviews are judged against.")
    )
    history: str = field(
        default="",
        metadata=_about("env", "Path of history.toml: the day each snippet's text changed."),
    )
    site_url: str = field(
        default="", metadata=_about("html", "Address of the published site, ending with '/'.")
    )
    check_readability: bool = field(
        default=True, metadata=_about("env", "Check the Flesch-Kincaid grade limits.")
    )
    json_outdir: str = field(
        default="", metadata=_about("", "Folder the snippet JSON of this language is written to.")
    )
    leaflet_outdir: str = field(
        default="", metadata=_about("", "Folder the composed leaflets are written to.")
    )
    leaflets: str = field(
        default="", metadata=_about("", "Folder of leaflet definitions (content/leaflets).")
    )
    translation_status: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("env", "Page -> complete, outdated or missing, for a translated build."),
    )
    translators: dict[str, Any] = field(
        default_factory=dict, metadata=_about("env", "Page -> who translated it.")
    )
    languages: list[str] = field(
        default_factory=list,
        metadata=_about("html", "Every language of the site, for the language switcher."),
    )
    labels: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("env", "English interface message -> its translation."),
    )
    template_cache: str = field(
        default="", metadata=_about("", "Folder that keeps the compiled theme templates.")
    )
    labels_complete: bool = field(
        default=True, metadata=_about("", "Whether every interface message is translated.")
    )


def register(app: Sphinx) -> None:
    """Add every field of :class:`ExtensionConfig` as a Sphinx config value."""
    defaults = ExtensionConfig()
    for spec in dataclasses.fields(ExtensionConfig):
        default = getattr(defaults, spec.name)
        app.add_config_value(
            PREFIX + spec.name,
            default,
            spec.metadata["rebuild"],
            type(default),
            description=spec.metadata["help"],
        )


def settings(config: Config) -> ExtensionConfig:
    """The extension's settings from a Sphinx configuration."""
    values = {spec.name: config[PREFIX + spec.name] for spec in dataclasses.fields(ExtensionConfig)}
    return ExtensionConfig(**values)
