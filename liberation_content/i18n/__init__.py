"""Translations: the catalogs translators work in, the checks on them, the publish gate,
and the interface messages of the site and the leaflets."""
