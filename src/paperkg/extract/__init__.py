"""Extract mentions of methods, architectures, datasets, tasks and links from papers."""

from paperkg.extract.pipeline import build_pipeline, extract_papers

__all__ = ["build_pipeline", "extract_papers"]
