"""Wohnraum-Matcher: placing refugee households from collective accommodation into flats."""

__version__ = "0.1.0"
APP_NAME = "Wohnraum-Matcher"
APP_ID = "wohnraum-matcher"
