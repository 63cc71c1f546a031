"""The synthetic partnership: Eastbrook's geography, people and agencies, their monthly
supplies with ground truth (``csphub synth``), and the demo that takes them in."""

from csphub.synth.demo import DatasetSummary, DemoRun, register, run_demo, summarise
from csphub.synth.partnership import Made, generate

__all__ = ["DatasetSummary", "DemoRun", "Made", "generate", "register", "run_demo", "summarise"]
