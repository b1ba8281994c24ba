"""The generated demo portfolio: a package of its own, apart from the loader that real files go through.

model.py (what a project is made of) → portfolio.py / national.py (the projects) → generate.py (people, answers,
attendance, money) → formats.py (written as municipalities export them) ← cli.py (`python -m pipelines demo`).
"""

from pipelines.demo.cli import main

__all__ = ["main"]
