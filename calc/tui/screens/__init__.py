"""Screens and dialogs (imported lazily, when first shown)."""
