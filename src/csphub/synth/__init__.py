"""The synthetic partnership. So far: the bundled sample supplies, and the demo that takes
them in."""

from csphub.synth.demo import DatasetSummary, DemoRun, manifest, run_demo, samples, summarise

__all__ = ["DatasetSummary", "DemoRun", "manifest", "run_demo", "samples", "summarise"]
