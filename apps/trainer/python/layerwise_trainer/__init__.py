"""Layerwise's Python training runner (trains the module graph-core generates)."""
