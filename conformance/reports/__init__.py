"""Renderers at the edge: the core produces findings; these turn them into text, JSON, JUnit."""
