"""The Qt face of Wohnraum-Matcher: main window, views, item models, dialogs.

It calls `matcher.core` services and queries; it holds no business rule and writes no SQL (no sqlmodel
sessions here). User-facing text goes through Qt's translation system: source strings are English, the
German catalogue in `resources/translations/` gives the German interface.
"""
