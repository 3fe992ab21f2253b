"""Synthetic Decree 30 letters: the Letter model, renderer, scan degradation, seed samples."""
